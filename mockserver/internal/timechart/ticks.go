package timechart

import "time"

// maxTicks is the most gridlines an axis gets: enough to read times off, few enough that their
// labels never collide on a 1200-unit chart.
const maxTicks = 8

// tickSteps are the intervals a gridline may mark, smallest first.
func tickSteps() []time.Duration {
	return []time.Duration{
		time.Second, 2 * time.Second, 5 * time.Second, 10 * time.Second, 15 * time.Second, 30 * time.Second,
		time.Minute, 2 * time.Minute, 5 * time.Minute, 10 * time.Minute, 15 * time.Minute, 30 * time.Minute,
		time.Hour, 2 * time.Hour, 3 * time.Hour, 6 * time.Hour, 12 * time.Hour, 24 * time.Hour,
		2 * 24 * time.Hour, 7 * 24 * time.Hour, 14 * 24 * time.Hour, 28 * 24 * time.Hour,
	}
}

// ticks puts gridlines on whole multiples of the smallest step that gives at most maxTicks of
// them (in UTC), labelled with the time of day, or the date as well across days.
func ticks(start, end time.Time, x func(time.Time) float64) []Tick {
	span := end.Sub(start)
	steps := tickSteps()
	step := steps[len(steps)-1]
	for _, s := range steps {
		if span/s <= maxTicks {
			step = s
			break
		}
	}
	layout := "15:04:05"
	switch {
	case step >= 24*time.Hour:
		layout = "Jan 2"
	case span >= 24*time.Hour || start.UTC().YearDay() != end.UTC().YearDay():
		layout = "Jan 2 15:04"
	case step >= time.Minute:
		layout = "15:04"
	}
	var out []Tick
	for t := start.UTC().Truncate(step); !t.After(end); t = t.Add(step) {
		if t.Before(start) {
			continue
		}
		out = append(out, Tick{X: x(t), Label: t.Format(layout)})
		if len(out) > maxTicks { // cannot happen with the steps above; a bound all the same
			break
		}
	}
	return out
}
