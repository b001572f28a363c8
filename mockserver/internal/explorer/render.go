package explorer

import (
	"bytes"
	"context"
	"log/slog"
	"net/http"
	"strconv"
	"time"
)

// handler is one explorer page or form: it decides the status, the template to render and its
// data, or a redirect location.
type handler func(r *http.Request) result

// result is what a handler decided.
type result struct {
	status   int
	template string
	data     any
	redirect string
	header   http.Header
}

// contentSecurityPolicy allows the pages' inline styles and nothing else: no scripts, no frames,
// forms only to the explorer itself.
const contentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"

// page adapts a handler to HTTP: it asks the admin guard first, renders into a buffer (so a
// template error is a clean 500, not half a page), writes security headers, and logs one line.
func (ui *Explorer) page(h handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		res, denied := ui.guard(r)
		if !denied {
			res = h(r)
		}
		var body bytes.Buffer
		switch {
		case res.redirect != "":
			w.Header().Set("Location", res.redirect)
		case ui.tmplErr != nil:
			res.status = http.StatusInternalServerError
			body.WriteString("explorer templates: " + ui.tmplErr.Error())
		default:
			if err := ui.tmpl.ExecuteTemplate(&body, res.template, res.data); err != nil {
				ui.cfg.Logger.Error("explorer template", "template", res.template, "error", err)
				res.status = http.StatusInternalServerError
				body.Reset()
				body.WriteString("explorer: rendering failed: " + err.Error())
			}
		}
		hdr := w.Header()
		for k, v := range res.header {
			hdr[k] = v
		}
		hdr.Set("Content-Type", "text/html; charset=utf-8")
		if res.status == http.StatusInternalServerError {
			hdr.Set("Content-Type", "text/plain;charset=utf-8") // as mockserver answers plain text
		}
		hdr.Set("Cache-Control", "no-store")
		hdr.Set("X-Content-Type-Options", "nosniff")
		hdr.Set("Referrer-Policy", "no-referrer")
		hdr.Set("Content-Security-Policy", contentSecurityPolicy)
		hdr.Set("Content-Length", strconv.Itoa(body.Len()))
		w.WriteHeader(res.status)
		if r.Method != http.MethodHead {
			_, _ = w.Write(body.Bytes())
		}
		ui.cfg.Logger.LogAttrs(context.Background(), slog.LevelInfo, "request",
			slog.String("route", RouteName),
			slog.String("method", r.Method),
			slog.String("path", r.URL.RequestURI()),
			slog.Int("status", res.status),
			slog.Int("bytes", body.Len()),
			slog.Duration("duration", time.Since(start)),
		)
	})
}

// form is page for the POST forms, behind Go's cross-origin protection so another web site
// cannot make a visitor's browser load or reset the mock.
func (ui *Explorer) form(h handler) http.Handler {
	return http.NewCrossOriginProtection().Handler(ui.page(h))
}

// guard turns the admin guard's verdict into the explorer's own answer: with the admin API off
// a 403 page; without the admin token a 401 that lets a browser prompt for it (any user name,
// the token as the password).
func (ui *Explorer) guard(r *http.Request) (result, bool) {
	access := Allowed
	if ui.cfg.Access != nil {
		access = ui.cfg.Access(r)
	}
	switch access {
	case Allowed:
		return result{}, false
	case SwitchedOff:
		return ui.messagePage(http.StatusForbidden, "Switched off",
			"The explorer is switched off with the admin API on this server (-admin=false)."), true
	default:
		res := ui.messagePage(http.StatusUnauthorized, "Token needed",
			"The explorer needs the admin token: sign in with any user name and the token as the password, or send Authorization: Bearer <token>.")
		res.header = http.Header{"Www-Authenticate": {`Basic realm="graphmock explorer", charset="UTF-8"`}}
		return res, true
	}
}

// messagePage is a page that only says something: not found, not allowed.
func (ui *Explorer) messagePage(status int, title, msg string) result {
	return result{status: status, template: "message", data: struct {
		layout
		Message string
	}{ui.newLayout(title, crumb{Label: "Call records", URL: Base}, crumb{Label: title}), msg}}
}

// notFoundPage renders the explorer's 404 for an item that does not exist (any more): the
// Source's message, or "<what> not found" without one.
func (ui *Explorer) notFoundPage(what string, err error) result {
	msg := what + " not found"
	if err != nil && err.Error() != "" {
		msg = err.Error()
	}
	return ui.messagePage(http.StatusNotFound, "Not found", msg)
}
