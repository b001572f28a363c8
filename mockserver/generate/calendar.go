package generate

import (
	"slices"
	"strconv"
	"time"
)

// tick is the resolution of Graph's DateTimeOffset values: 100 ns, seven fractional digits.
const tick = 100 * time.Nanosecond

// hourWeights is how likely a call is to start in each hour of the day (UTC, the tenant's
// working day): a morning peak, a dip at lunch, an afternoon peak, little at night.
func hourWeights() weighted[int] {
	ws := make(weighted[int], 24)
	for h, w := range [24]float64{
		0.2, 0.1, 0.1, 0.1, 0.1, 0.2, 0.6, 2.0, 5.5, 9.0, 10.0, 8.5,
		5.0, 7.5, 9.5, 9.0, 7.5, 5.0, 2.5, 1.2, 0.8, 0.5, 0.4, 0.3,
	} {
		ws[h].w, ws[h].v = w, h
	}
	return ws
}

// weekendWeight is how likely a weekend day is against a working day.
const weekendWeight = 0.08

// startTimes returns n call start times in [end-window, end), sorted: days weighted towards
// working days, hours towards office hours, and the rest uniform to the tick.
func startTimes(r rng, n int, end time.Time, window time.Duration) []time.Time {
	begin := end.Add(-window)
	// The days the window touches, each with its weight, as cumulative weights.
	type day struct {
		from, to time.Time
		cum      float64
	}
	var days []day
	total := 0.0
	for d := begin.Truncate(24 * time.Hour); d.Before(end); d = d.Add(24 * time.Hour) {
		w := 1.0
		if wd := d.Weekday(); wd == time.Saturday || wd == time.Sunday {
			w = weekendWeight
		}
		from, to := maxTime(d, begin), minTime(d.Add(24*time.Hour), end)
		w *= float64(to.Sub(from)) / float64(24*time.Hour)
		total += w
		days = append(days, day{from: from, to: to, cum: total})
	}
	hours := hourWeights()
	out := make([]time.Time, n)
	for i := range out {
		x := r.Float64() * total
		k, _ := slices.BinarySearchFunc(days, x, func(d day, x float64) int {
			if d.cum <= x {
				return -1
			}
			return 1
		})
		k = min(k, len(days)-1)
		out[i] = officeHour(r, hours, days[k].from, days[k].to)
	}
	slices.SortFunc(out, func(a, b time.Time) int { return a.Compare(b) })
	return out
}

// officeHour picks an instant in [from, to) (within one UTC day) by the hours' weights.
func officeHour(r rng, hours weighted[int], from, to time.Time) time.Time {
	day := from.Truncate(24 * time.Hour)
	for range 8 { // almost always the first try; a partial day may reject a few
		h := pickWeighted(r, hours)
		t := day.Add(time.Duration(h)*time.Hour + time.Duration(r.Int64N(int64(time.Hour/tick)))*tick)
		if !t.Before(from) && t.Before(to) {
			return t
		}
	}
	return from.Add(time.Duration(r.Int64N(max(1, int64(to.Sub(from)/tick)))) * tick)
}

func maxTime(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

func minTime(a, b time.Time) time.Time {
	if a.Before(b) {
		return a
	}
	return b
}

// duration returns a random duration with a log-normal shape, in whole ticks, within [lo, hi].
func (r rng) duration(median time.Duration, sigma float64, lo, hi time.Duration) time.Duration {
	d := time.Duration(r.lognormal(float64(median), sigma))
	d = min(max(d, lo), hi)
	return d.Truncate(tick)
}

// dateTime formats a time as Graph writes a DateTimeOffset: UTC, seven fractional digits, Z.
func dateTime(t time.Time) string {
	return t.UTC().Format("2006-01-02T15:04:05.0000000Z")
}

// isoDuration formats a duration as Graph writes short Edm.Duration values: PT0.016S.
func isoDuration(d time.Duration) string {
	return "PT" + strconv.FormatFloat(d.Seconds(), 'f', -1, 64) + "S"
}
