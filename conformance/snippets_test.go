package conformance

import (
	"context"
	"fmt"
	"html"
	"io"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/graphmock/graphmock/mockserver"
)

// TestConsoleGoSnippetsCompile takes the Graph SDK for Go snippet the explorer's request console
// shows for each of its samples and type-checks them all (go vet) against the SDK this module
// pins: every builder, configuration type, query field and model the console writes exists with
// the types it uses. The snippets run in a temporary module with this module's go.mod and go.sum,
// so nothing new is downloaded.
func TestConsoleGoSnippetsCompile(t *testing.T) {
	t.Parallel()
	srv := mockserver.Start(t)
	page := func(method, target string, form url.Values) string {
		t.Helper()
		var resp *http.Response
		var err error
		if method == http.MethodPost {
			resp, err = srv.Client().PostForm(srv.URL+target, form)
		} else {
			resp, err = srv.Client().Get(srv.URL + target)
		}
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("%s %s = %d", method, target, resp.StatusCode)
		}
		return string(b)
	}
	console := page(http.MethodGet, "/_mock/ui/console", nil)
	links := regexp.MustCompile(`<li><a href="(/_mock/ui/console\?[^"]+)">`).FindAllStringSubmatch(console, -1)
	forms := regexp.MustCompile(`(?s)<li><form method="post" action="/_mock/ui/console" class="sample">(.*?)</form>`).FindAllStringSubmatch(console, -1)
	if len(links) < 30 || len(forms) < 5 {
		t.Fatalf("found %d sample links and %d sample forms", len(links), len(forms))
	}
	snippet := regexp.MustCompile(`<h3>Graph SDK for Go</h3>\n<pre class="code" tabindex="0">([^<]*)</pre>`)
	hidden := regexp.MustCompile(`<input type="hidden" name="(\w+)" value="([^"]*)">`)
	var funcs strings.Builder
	add := func(answer string) {
		m := snippet.FindStringSubmatch(answer)
		if m == nil {
			t.Fatalf("no Go snippet in the console's answer:\n%.1000s", answer)
		}
		code := html.UnescapeString(m[1])
		fmt.Fprintf(&funcs, "\nfunc snippet%d(ctx context.Context, client graphClient) error {\n%s\n", strings.Count(funcs.String(), "\nfunc snippet"), code)
		for _, v := range []string{"result", "resp"} {
			if strings.Contains(code, "\n"+v+", err := ") {
				funcs.WriteString("_ = " + v + "\n")
			}
		}
		funcs.WriteString("return err\n}\n")
	}
	// The writes are posted before the reads run, so every sample still finds its ids.
	for _, f := range forms {
		v := url.Values{}
		for _, h := range hidden.FindAllStringSubmatch(f[1], -1) {
			v.Set(h[1], html.UnescapeString(h[2]))
		}
		add(page(http.MethodPost, "/_mock/ui/console", v))
	}
	for _, l := range links {
		add(page(http.MethodGet, html.UnescapeString(l[1]), nil))
	}

	dir := t.TempDir()
	root, err := filepath.Abs("..")
	if err != nil {
		t.Fatal(err)
	}
	mod, err := os.ReadFile("go.mod")
	if err != nil {
		t.Fatal(err)
	}
	gomod := strings.Replace(string(mod), "module github.com/graphmock/graphmock/conformance", "module snippets", 1)
	gomod = strings.Replace(gomod, "=> ../", "=> "+root, 1)
	sum, err := os.ReadFile("go.sum")
	if err != nil {
		t.Fatal(err)
	}
	src := `package snippets

import (
	"context"
	"net/http"
	"strings"

	abstractions "github.com/microsoft/kiota-abstractions-go"
	jsonserialization "github.com/microsoft/kiota-serialization-json-go"
	"github.com/microsoftgraph/msgraph-sdk-go/communications"
	"github.com/microsoftgraph/msgraph-sdk-go/models/callrecords"
)

// graphClient is the part of msgraphsdk.GraphServiceClient the snippets use.
type graphClient interface {
	Communications() *communications.CommunicationsRequestBuilder
}

var (
	_ = abstractions.NewRequestHeaders
	_ = jsonserialization.NewJsonParseNode
	_ = http.NewRequestWithContext
	_ = strings.NewReader
	_ callrecords.Segmentable
)
` + funcs.String()
	for name, data := range map[string]string{"go.mod": gomod, "go.sum": string(sum), "snippets.go": src} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, "go", "vet", "./...")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOFLAGS=-mod=mod", "GOWORK=off")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("the console's Go snippets do not type-check: %v\n%s\n%s", err, out, numbered(src))
	}
	t.Logf("%d Go snippets type-check", strings.Count(src, "\nfunc snippet"))
}

// numbered is src with line numbers, for the failure message.
func numbered(src string) string {
	lines := strings.Split(src, "\n")
	for i := range lines {
		lines[i] = strconv.Itoa(i+1) + "\t" + lines[i]
	}
	return strings.Join(lines, "\n")
}
