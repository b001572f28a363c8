package explorer

import (
	"net/http"

	"github.com/graphmock/graphmock/mockserver/internal/quality"
)

// segmentData is a segment's page: its facts, Graph links, every media stream's statistics
// judged against CQD's thresholds, and each media entry's network and device facts.
type segmentData struct {
	layout
	Segment factRow
	Links   []crumb
	Quality qualityLine
	Streams streamTable
	Media   []mediaFacts
	// ThresholdURL links the thresholds page.
	ThresholdURL string
}

// qualityData is the thresholds page: CQD's classification as the explorer applies it.
type qualityData struct {
	layout
	Thresholds []quality.Threshold
	Source     string
	SourceURL  string
	MinPackets int
}

// Segment is one segment's page; its route names {recordID}, {sessionID} and {segmentID}.
func (ui *Explorer) Segment() http.Handler { return ui.page(ui.segment) }

// Quality is the page of the thresholds streams are judged against (GET /_mock/ui/quality).
func (ui *Explorer) Quality() http.Handler { return ui.page(ui.qualityPage) }

// segment shows one segment.
func (ui *Explorer) segment(r *http.Request) result {
	rid, ok1 := pathID(r, "recordID")
	sid, ok2 := pathID(r, "sessionID")
	gid, ok3 := pathID(r, "segmentID")
	if !ok1 || !ok2 || !ok3 {
		return ui.notFoundPage("segment", nil)
	}
	obj, err := ui.cfg.Source.Segment(rid, sid, gid)
	if err != nil {
		return ui.notFoundPage("segment", err)
	}
	d := segmentData{Segment: segmentRow(rid, sid, obj), ThresholdURL: uiThresholdsURL}
	d.Streams.Columns = streamColumns(true)
	media := d.Streams.addStreams("", gid, obj, conditions())
	d.Quality = newQualityLine(d.Streams.Tally, 0, "")
	d.Media = mediaFactsOf(media)
	d.Links = []crumb{{Label: "segment", URL: d.Segment.Graph}}
	d.layout = ui.newLayout("Segment "+gid, crumb{Label: "Call records", URL: Base}, crumb{Label: rid, URL: uiRecordURL(rid)},
		crumb{Label: sid, URL: uiSessionURL(rid, sid)}, crumb{Label: gid})
	d.Style = "streams"
	return result{status: http.StatusOK, template: "segment", data: d}
}

// qualityPage lists the thresholds.
func (ui *Explorer) qualityPage(*http.Request) result {
	d := qualityData{Thresholds: thresholdRows(), Source: quality.Source, SourceURL: quality.SourceURL, MinPackets: quality.MinAudioPackets}
	d.layout = ui.newLayout("Call quality thresholds", crumb{Label: "Call records", URL: Base}, crumb{Label: "Call quality thresholds"})
	return result{status: http.StatusOK, template: "thresholds", data: d}
}
