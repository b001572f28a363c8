package mockserver

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
// (LoadScenario) and redirects back with a confirmation; one that does not leaves the state as it
// was and shows the home page again, with one line per problem, as 400.
func (ui *explorer) loadScenario(r *http.Request) explorerResult {
	name, data, back, err := readScenarioUpload(r)
	if err == nil {
		err = ui.s.LoadScenario(name, data)
	}
	if err == nil {
		return explorerResult{status: http.StatusSeeOther, redirect: back + "?done=loaded"}
	}
	var problems []string
	var se *ScenarioError
	if errors.As(err, &se) {
		for _, p := range se.Problems {
			problems = append(problems, p.String())
		}
	} else {
		problems = []string{err.Error()}
	}
	home := r.Clone(r.Context())
	home.URL.Path, home.URL.RawQuery = back, ""
	d := ui.homeData(home, problems)
	d.Title = "Scenario not loaded"
	return explorerResult{status: http.StatusBadRequest, template: "home", data: d}
}

// reset is POST /_mock/ui/reset: Reset, then back to the page the form was on.
func (ui *explorer) reset(r *http.Request) explorerResult {
	ui.s.Reset()
	return explorerResult{status: http.StatusSeeOther, redirect: backTo(r.PostFormValue("back")) + "?done=reset"}
}

// backTo accepts only the explorer's own home pages as a place to return to, so the form cannot be
// used to redirect elsewhere.
func backTo(v string) string {
	if v == "/" {
		return "/"
	}
	return explorerBase
}

// readScenarioUpload reads the multipart form: the file (name = its base name, for problem
// lines) and the return page. It streams the parts, so nothing is spooled to disk, and takes
// files up to the size PUT /_mock/scenario takes.
func readScenarioUpload(r *http.Request) (name string, data []byte, back string, err error) {
	back = explorerBase
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
			data, err = io.ReadAll(io.LimitReader(part, maxScenarioBytes+1))
			if err != nil {
				return "", nil, back, fmt.Errorf("reading the file: %v", err)
			}
		}
		part.Close()
	}
	switch {
	case name == "" || name == "." || name == "/":
		return "", nil, back, errors.New("choose a scenario file (YAML or JSON) to load")
	case len(data) > maxScenarioBytes:
		return "", nil, back, fmt.Errorf("%s is larger than %d MiB", name, maxScenarioBytes>>20)
	}
	return name, data, back, nil
}
