package explorer

import (
	"encoding/json"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/graphmock/graphmock/mockserver/internal/jsondoc"
)

// This file reads the key facts the explorer shows (times, modalities, caller and callee, failure)
// out of stored Graph JSON. Only the members a row needs are decoded, never a whole wide segment.

// timeCell is a Graph date-time for display: Short for the table, Exact as stored (all digits).
type timeCell struct {
	Short string
	Exact string
}

// endpointCell is a caller or callee: who (Name) and on what (Detail).
type endpointCell struct {
	Name   string
	Detail string
}

// factRow is one row of a record, session or segment table, or the head of a detail page.
type factRow struct {
	ID         string
	UI         string // the explorer page of the item
	Graph      string // the item's Graph URL under /v1.0
	Type       string
	Modalities string
	Start      timeCell
	End        timeCell
	Ends       string // End.Short without the date when it is Start's date, for the table
	Duration   string
	Organizer  string
	Caller     endpointCell
	Callee     endpointCell
	Failure    string
	Media      string
	Quality    qualityLine // the streams under it, by CQD's classification
	Sessions   int
	Segments   int
	People     int
}

// graphRecords is the Graph URL of the call records collection the rows link to.
const graphRecords = "/v1.0/communications/callRecords"

// Graph and explorer URLs of the three levels. Ids are path-escaped: Graph ids may hold any
// character, and the router matches the escaped path.
func graphRecordURL(rid string) string { return graphRecords + "/" + url.PathEscape(rid) }
func graphSessionURL(rid, sid string) string {
	return graphRecordURL(rid) + "/sessions/" + url.PathEscape(sid)
}
func graphSegmentURL(rid, sid, gid string) string {
	return graphSessionURL(rid, sid) + "/segments/" + url.PathEscape(gid)
}
func uiRecordURL(rid string) string { return Base + "/callRecords/" + url.PathEscape(rid) }
func uiSessionURL(rid, sid string) string {
	return uiRecordURL(rid) + "/sessions/" + url.PathEscape(sid)
}
func uiSegmentURL(rid, sid, gid string) string {
	return uiSessionURL(rid, sid) + "/segments/" + url.PathEscape(gid)
}

// recordRow builds the facts of a call record.
func recordRow(sum recordSummary) factRow {
	id, _ := sum.JSON.GetString("id")
	row := commonFacts(sum.JSON)
	row.ID, row.UI, row.Graph = id, uiRecordURL(id), graphRecordURL(id)
	row.Type, _ = sum.JSON.GetString("type")
	row.Organizer = organizerName(sum.Organizer)
	row.Sessions, row.Segments, row.People = sum.sessions, sum.segments, sum.participants
	return row
}

// sessionRow builds the facts of a session of record rid.
func sessionRow(rid string, sum sessionSummary) factRow {
	sid, _ := sum.obj.GetString("id")
	row := commonFacts(sum.obj)
	row.ID, row.UI, row.Graph = sid, uiSessionURL(rid, sid), graphSessionURL(rid, sid)
	row.Segments = sum.segments
	return row
}

// segmentRow builds the facts of a segment of session sid of record rid.
func segmentRow(rid, sid string, obj jsondoc.Object) factRow {
	gid, _ := obj.GetString("id")
	row := commonFacts(obj)
	row.ID, row.UI, row.Graph = gid, uiSegmentURL(rid, sid, gid), graphSegmentURL(rid, sid, gid)
	row.Media = mediaSummary(obj.Get("media"))
	return row
}

// commonFacts reads the members records, sessions and segments share.
func commonFacts(obj jsondoc.Object) factRow {
	var row factRow
	var mods []string
	if json.Unmarshal(obj.Get("modalities"), &mods) == nil {
		row.Modalities = strings.Join(mods, ", ")
	}
	start, _ := obj.GetString("startDateTime")
	end, _ := obj.GetString("endDateTime")
	row.Start, row.End = newTimeCell(start), newTimeCell(end)
	row.Ends = row.End.Short
	if day := len("2006-01-02 "); len(row.Ends) > day && len(row.Start.Short) > day && row.Ends[:day] == row.Start.Short[:day] {
		row.Ends = row.Ends[day:]
	}
	row.Duration = duration(start, end)
	row.Caller = endpoint(obj.Get("caller"))
	row.Callee = endpoint(obj.Get("callee"))
	row.Failure = failure(obj.Get("failureInfo"))
	return row
}

// newTimeCell shortens an ISO 8601 date-time to seconds for the table and keeps it whole for the
// tooltip.
func newTimeCell(v string) timeCell {
	if v == "" {
		return timeCell{}
	}
	short := strings.Replace(v, "T", " ", 1)
	if i := strings.IndexByte(short, '.'); i > 0 {
		short = short[:i] + strings.TrimLeft(short[i:], ".0123456789")
	}
	return timeCell{Short: short, Exact: v}
}

// duration is end - start, rounded to the second, or "" when either is missing or malformed.
func duration(start, end string) string {
	s, err1 := time.Parse(time.RFC3339Nano, start)
	e, err2 := time.Parse(time.RFC3339Nano, end)
	if err1 != nil || err2 != nil {
		return ""
	}
	d := e.Sub(s)
	if d < time.Second && d > 0 {
		return d.Round(time.Millisecond).String()
	}
	return d.Round(time.Second).String()
}

// identityPreference is the order in which the members of an identitySet name a party.
func identityPreference() []string {
	return []string{"user", "phone", "guest", "applicationInstance", "application", "acsUser", "spoolUser",
		"onPremises", "encrypted", "azureCommunicationServicesUser", "assertedIdentity", "device"}
}

// identity is the part of an identity (or an identitySet member) the explorer shows.
type identity struct {
	ID          string `json:"id"`
	DisplayName string `json:"displayName"`
}

// label is the display name, else the id.
func (i identity) label() string {
	if i.DisplayName != "" {
		return i.DisplayName
	}
	return i.ID
}

// identitySetName names the first party of an identitySet that has a name or id, with its kind
// when it is not a user ("phone +14255550143").
func identitySetName(raw []byte) string {
	var set map[string]json.RawMessage
	if json.Unmarshal(raw, &set) != nil {
		return ""
	}
	for _, kind := range identityPreference() {
		var id identity
		if json.Unmarshal(set[kind], &id) != nil || id.label() == "" {
			continue
		}
		if kind == "user" {
			return id.label()
		}
		return kind + " " + id.label()
	}
	return ""
}

// organizerName names the organizer_v2 of a call record.
func organizerName(raw []byte) string {
	var org struct {
		ID       string          `json:"id"`
		Identity json.RawMessage `json:"identity"`
	}
	if json.Unmarshal(raw, &org) != nil {
		return ""
	}
	if name := identitySetName(org.Identity); name != "" {
		return name
	}
	return org.ID
}

// endpoint describes a participantEndpoint or serviceEndpoint: the person or machine, then the
// platform and product (or the service role).
func endpoint(raw []byte) endpointCell {
	var ep struct {
		Type               string          `json:"@odata.type"`
		Name               string          `json:"name"`
		AssociatedIdentity identity        `json:"associatedIdentity"`
		Identity           json.RawMessage `json:"identity"`
		UserAgent          struct {
			Platform      string `json:"platform"`
			ProductFamily string `json:"productFamily"`
			Role          string `json:"role"`
		} `json:"userAgent"`
	}
	if len(raw) == 0 || json.Unmarshal(raw, &ep) != nil {
		return endpointCell{}
	}
	var cell endpointCell
	switch {
	case ep.AssociatedIdentity.label() != "":
		cell.Name = ep.AssociatedIdentity.label()
	case identitySetName(ep.Identity) != "":
		cell.Name = identitySetName(ep.Identity)
	case ep.Name != "":
		cell.Name = ep.Name
	}
	ua := ep.UserAgent
	if strings.HasSuffix(ep.Type, ".serviceEndpoint") || ua.Role != "" {
		if cell.Name == "" {
			cell.Name = "service"
		}
		cell.Detail = ua.Role
		return cell
	}
	var parts []string
	for _, p := range []string{ua.Platform, ua.ProductFamily} {
		if p != "" {
			parts = append(parts, p)
		}
	}
	cell.Detail = strings.Join(parts, " · ")
	return cell
}

// failure renders a failureInfo as "stage: reason", or "" for null or absent.
func failure(raw []byte) string {
	var fi struct {
		Stage  string `json:"stage"`
		Reason string `json:"reason"`
	}
	if len(raw) == 0 || json.Unmarshal(raw, &fi) != nil || (fi.Stage == "" && fi.Reason == "") {
		return ""
	}
	if fi.Stage == "" {
		return fi.Reason
	}
	if fi.Reason == "" {
		return fi.Stage
	}
	return fi.Stage + ": " + fi.Reason
}

// mediaSummary lists a segment's media labels with their stream counts: "main-audio (2 streams)".
func mediaSummary(raw []byte) string {
	var media []struct {
		Label   string            `json:"label"`
		Streams []json.RawMessage `json:"streams"`
	}
	if len(raw) == 0 || json.Unmarshal(raw, &media) != nil {
		return ""
	}
	parts := make([]string, 0, len(media))
	for _, m := range media {
		label := m.Label
		if label == "" {
			label = "media"
		}
		switch len(m.Streams) {
		case 0:
			parts = append(parts, label)
		case 1:
			parts = append(parts, label+" (1 stream)")
		default:
			parts = append(parts, label+" ("+strconv.Itoa(len(m.Streams))+" streams)")
		}
	}
	return strings.Join(parts, ", ")
}
