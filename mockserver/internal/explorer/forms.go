package explorer

import (
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"path"
	"strings"
)

// loadScenario is POST /_mock/ui/scenario: a multipart form with the scenario file in the field
// "scenario" (and the page to return to in "back"). A scenario that loads replaces the state
// (Source.LoadScenario) and redirects back with a confirmation; one that does not leaves the
// state as it was and shows the home page again, with one line per problem, as 400.
func (ui *Explorer) loadScenario(r *http.Request) result {
	name, data, back, err := ui.readScenarioUpload(r)
	if err == nil {
		err = ui.cfg.Source.LoadScenario(name, data)
	}
	if err == nil {
		return result{status: http.StatusSeeOther, redirect: back + "?done=loaded"}
	}
	problems := []string{err.Error()}
	var p Problems
	if errors.As(err, &p) {
		problems = p
	}
	home := r.Clone(r.Context())
	home.URL.Path, home.URL.RawQuery = back, ""
	d := ui.homeData(home, problems)
	d.Title = "Scenario not loaded"
	return result{status: http.StatusBadRequest, template: "home", data: d}
}

// reset is POST /_mock/ui/reset: Reset, then back to the page the form was on.
func (ui *Explorer) reset(r *http.Request) result {
	ui.cfg.Source.Reset()
	return result{status: http.StatusSeeOther, redirect: backTo(r.PostFormValue("back")) + "?done=reset"}
}

// backTo accepts only the explorer's own home pages as a place to return to, so the form cannot be
// used to redirect elsewhere.
func backTo(v string) string {
	if v == "/" {
		return "/"
	}
	return Base
}

// readScenarioUpload reads the multipart form: the file (name = its base name, for problem
// lines) and the return page. It streams the parts, so nothing is spooled to disk, and takes
// files up to Config.MaxScenarioBytes, the size PUT /_mock/scenario takes.
func (ui *Explorer) readScenarioUpload(r *http.Request) (name string, data []byte, back string, err error) {
	back = Base
	limit := ui.cfg.MaxScenarioBytes
	if mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); mt != "multipart/form-data" {
		return "", nil, back, fmt.Errorf("the form must be sent as multipart/form-data, not %q", mt)
	}
	mr, err := r.MultipartReader()
	if err != nil {
		return "", nil, back, fmt.Errorf("reading the form: %v", err)
	}
	for {
		part, err := mr.NextPart()
		if err == io.EOF {
			break
		}
		if err != nil {
			return "", nil, back, fmt.Errorf("reading the form: %v", err)
		}
		switch part.FormName() {
		case "back":
			v, _ := io.ReadAll(io.LimitReader(part, 64))
			back = backTo(string(v))
		case "scenario":
			name = path.Base(strings.ReplaceAll(part.FileName(), `\`, "/"))
			data, err = io.ReadAll(io.LimitReader(part, int64(limit)+1))
			if err != nil {
				return "", nil, back, fmt.Errorf("reading the file: %v", err)
			}
		}
		part.Close()
	}
	switch {
	case name == "" || name == "." || name == "/":
		return "", nil, back, errors.New("choose a scenario file (YAML or JSON) to load")
	case len(data) > limit:
		return "", nil, back, fmt.Errorf("%s is larger than %d MiB", name, limit>>20)
	}
	return name, data, back, nil
}
