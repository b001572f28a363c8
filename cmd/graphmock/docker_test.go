package main

import (
	"bufio"
	"bytes"
	"context"
	"debug/buildinfo"
	"debug/elf"
	"encoding/json"
	"go/version"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"
)

// repoRoot is the repository root, relative to this package.
const repoRoot = "../.."

// instruction is one Dockerfile instruction, continuation lines joined.
type instruction struct {
	stage   int // index of the FROM it belongs to
	keyword string
	args    string
}

// dockerfile is the parsed Dockerfile.
type dockerfile []instruction

// parseDockerfile reads the repository's Dockerfile into instructions.
func parseDockerfile(t *testing.T) dockerfile {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(repoRoot, "Dockerfile"))
	if err != nil {
		t.Fatal(err)
	}
	var out dockerfile
	stage, pending := -1, ""
	sc := bufio.NewScanner(bytes.NewReader(data))
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if pending == "" && (line == "" || strings.HasPrefix(line, "#")) {
			continue
		}
		if strings.HasSuffix(line, `\`) {
			pending += strings.TrimSuffix(line, `\`) + " "
			continue
		}
		line, pending = pending+line, ""
		keyword, args, _ := strings.Cut(line, " ")
		keyword = strings.ToUpper(keyword)
		if keyword == "FROM" {
			stage++
		}
		out = append(out, instruction{stage: stage, keyword: keyword, args: strings.TrimSpace(args)})
	}
	return out
}

// all returns the arguments of every instruction with keyword in stage (-1: any stage).
func (d dockerfile) all(stage int, keyword string) []string {
	var out []string
	for _, in := range d {
		if in.keyword == keyword && (stage < 0 || in.stage == stage) {
			out = append(out, in.args)
		}
	}
	return out
}

// one returns the arguments of the single instruction with keyword in stage, or fails.
func (d dockerfile) one(t *testing.T, stage int, keyword string) string {
	t.Helper()
	got := d.all(stage, keyword)
	if len(got) != 1 {
		t.Fatalf("Dockerfile stage %d has %d %s instructions, want 1: %q", stage, len(got), keyword, got)
	}
	return got[0]
}

// finalStage is the index of the last FROM.
func (d dockerfile) finalStage() int { return d[len(d)-1].stage }

// execForm decodes a JSON exec-form argument list (["a", "b"]).
func execForm(t *testing.T, what, args string) []string {
	t.Helper()
	var list []string
	if err := json.Unmarshal([]byte(args), &list); err != nil || len(list) == 0 {
		t.Fatalf("%s %s is not in exec form (a JSON array): %v", what, args, err)
	}
	return list
}

// imageEnv is the final stage's ENV as a map (KEY=VALUE form only).
func (d dockerfile) imageEnv(t *testing.T) map[string]string {
	t.Helper()
	env := map[string]string{}
	for _, args := range d.all(d.finalStage(), "ENV") {
		for _, kv := range strings.Fields(args) {
			k, v, ok := strings.Cut(kv, "=")
			if !ok {
				t.Fatalf("ENV %s: use KEY=VALUE", args)
			}
			env[k] = strings.Trim(v, `"`)
		}
	}
	return env
}

// buildCommand is the Dockerfile's one `RUN ... go build` command, and where its -o puts the binary
// relative to the build stage's WORKDIR.
func (d dockerfile) buildCommand(t *testing.T) (cmd, output string) {
	t.Helper()
	var runs []string
	for _, args := range d.all(-1, "RUN") {
		if strings.Contains(args, "go build") {
			runs = append(runs, args)
		}
	}
	if len(runs) != 1 {
		t.Fatalf("Dockerfile has %d RUN ... go build lines, want 1: %q", len(runs), runs)
	}
	m := regexp.MustCompile(` -o (\S+) `).FindStringSubmatch(runs[0])
	if m == nil {
		t.Fatalf("the build command %q has no -o OUTPUT", runs[0])
	}
	return runs[0], m[1]
}

// TestDockerfile checks the image the issue asks for, and that .ci/run builds with the
// Dockerfile's own command: a static, trimmed build of ./cmd/graphmock copied into a distroless
// non-root image that listens on 0.0.0.0:8080, exposes 8080, checks its health with the binary
// and starts it as its entrypoint.
func TestDockerfile(t *testing.T) {
	d := parseDockerfile(t)
	final := d.finalStage()
	if final < 1 {
		t.Fatalf("the Dockerfile has %d stages, want a build stage and a final one", final+1)
	}

	// The build stage uses a pinned toolchain (a patch release) no older than go.mod's go
	// directive, which only says the oldest Go the code needs (.ci/run tests that one).
	gomod, err := os.ReadFile(filepath.Join(repoRoot, "go.mod"))
	if err != nil {
		t.Fatal(err)
	}
	goVersion := regexp.MustCompile(`(?m)^go (\S+)$`).FindSubmatch(gomod)
	if goVersion == nil {
		t.Fatal("go.mod has no go directive")
	}
	var image string
	for _, arg := range d.all(-1, "ARG") {
		if v, ok := strings.CutPrefix(arg, "GO_VERSION="); ok {
			image = v
		}
	}
	if pinned := regexp.MustCompile(`^\d+\.\d+\.\d+$`); !pinned.MatchString(image) || version.Compare("go"+image, "go"+string(goVersion[1])) < 0 {
		t.Errorf("the Dockerfile's GO_VERSION %q is not a patch release at least go.mod's go %s", image, goVersion[1])
	}

	build, output := d.buildCommand(t)
	for _, want := range []string{"CGO_ENABLED=0 go build ", " -trimpath ", " ./cmd/graphmock"} {
		if !strings.Contains(build+" ", want) {
			t.Errorf("the build command %q lacks %q", build, want)
		}
	}
	copyFrom := path.Join(d.one(t, 0, "WORKDIR"), output) + " /graphmock"
	if got := d.one(t, final, "COPY"); !strings.HasSuffix(got, copyFrom) || !strings.HasPrefix(got, "--from=") {
		t.Errorf("final COPY %q does not copy the built %s to /graphmock", got, copyFrom)
	}

	if from := d.one(t, final, "FROM"); from != "gcr.io/distroless/static-debian12:nonroot" && from != "scratch" {
		t.Errorf("final image FROM %s, want distroless static nonroot (no shell)", from)
	}
	if user := d.one(t, final, "USER"); strings.HasPrefix(user, "root") || strings.HasPrefix(user, "0") {
		t.Errorf("USER %s: the image must not run as root", user)
	}
	env := d.imageEnv(t)
	if env["GRAPHMOCK_ADDR"] != "0.0.0.0:8080" {
		t.Errorf("ENV GRAPHMOCK_ADDR=%q, want 0.0.0.0:8080", env["GRAPHMOCK_ADDR"])
	}
	if _, err := parseServeFlags(nil, envOf(env), io.Discard); err != nil {
		t.Errorf("the image's ENV is not a valid serve configuration: %v", err)
	}
	if expose := d.one(t, final, "EXPOSE"); expose != "8080" {
		t.Errorf("EXPOSE %s, want 8080", expose)
	}
	hc := d.one(t, final, "HEALTHCHECK")
	_, hcCmd, ok := strings.Cut(hc, "CMD ")
	if !ok || strings.Join(execForm(t, "HEALTHCHECK CMD", hcCmd), " ") != "/graphmock healthcheck" {
		t.Errorf("HEALTHCHECK %s, want CMD [\"/graphmock\", \"healthcheck\"]", hc)
	}
	if ep := execForm(t, "ENTRYPOINT", d.one(t, final, "ENTRYPOINT")); strings.Join(ep, " ") != "/graphmock" {
		t.Errorf("ENTRYPOINT %q, want [\"/graphmock\"]", ep)
	}

	// .ci/run extracts the build line with sed and evals it: run its extraction and compare.
	ci := string(mustReadFile(t, filepath.Join(repoRoot, ".ci", "run")))
	extract := regexp.MustCompile(`(?m)^docker_build=\$\(.*\)$`).FindString(ci)
	if extract == "" || !strings.Contains(ci, `eval "$docker_build"`) {
		t.Fatalf(".ci/run does not set docker_build from the Dockerfile and eval it")
	}
	sh := exec.Command("bash", "-c", extract+`; printf %s "$docker_build"`)
	sh.Dir = repoRoot
	got, err := sh.Output()
	if err != nil {
		t.Fatalf("running .ci/run's extraction: %v", err)
	}
	if string(got) != build {
		t.Errorf(".ci/run builds with\n  %s\nbut the Dockerfile builds with\n  %s", got, build)
	}

	// The build context keeps what the build needs.
	for _, line := range strings.Split(string(mustReadFile(t, filepath.Join(repoRoot, ".dockerignore"))), "\n") {
		line = strings.TrimSpace(line)
		for _, needed := range []string{"go.mod", "go.sum", "cmd", "mockserver", "scenarios", "schemas", "*.yaml", "*.json", "*.html", "*.go"} {
			if line == needed || strings.TrimPrefix(line, "**/") == needed {
				t.Errorf(".dockerignore excludes %q, which the build needs", line)
			}
		}
	}
}

func mustReadFile(t *testing.T, name string) []byte {
	t.Helper()
	data, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// freePort returns a loopback port that was free a moment ago.
func freePort(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	_, port, _ := net.SplitHostPort(ln.Addr().String())
	return port
}

// TestDockerImageOutsideDocker runs the binary .ci/run built with the Dockerfile's command the way
// the image runs it: only the image's ENV (plus what `docker run -e` would add), ENTRYPOINT + CMD,
// a scenario in a directory standing in for the /scenarios mount, the HEALTHCHECK command until
// it passes, then docker stop's SIGTERM, which must end it cleanly within Docker's 10 s grace.
// The port is a free one instead of 8080, standing in for the container's own network namespace.
// .ci/run sets GRAPHMOCK_DOCKER_CONTEXT to the build context it built in.
func TestDockerImageOutsideDocker(t *testing.T) {
	buildCtx := os.Getenv("GRAPHMOCK_DOCKER_CONTEXT")
	if buildCtx == "" {
		t.Skip("set GRAPHMOCK_DOCKER_CONTEXT to a context built with the Dockerfile's command (.ci/run does)")
	}
	d := parseDockerfile(t)
	_, output := d.buildCommand(t)
	binary := filepath.Join(buildCtx, output)

	// A static binary (CGO_ENABLED=0: no ELF interpreter) built with -trimpath.
	if f, err := elf.Open(binary); err == nil {
		for _, p := range f.Progs {
			if p.Type == elf.PT_INTERP {
				t.Errorf("%s is dynamically linked; the distroless static image cannot run it", binary)
			}
		}
		f.Close()
	} else {
		t.Fatalf("%s: %v", binary, err)
	}
	if info, err := buildinfo.ReadFile(binary); err != nil {
		t.Fatal(err)
	} else {
		settings := map[string]string{}
		for _, s := range info.Settings {
			settings[s.Key] = s.Value
		}
		if settings["CGO_ENABLED"] != "0" || settings["-trimpath"] != "true" {
			t.Errorf("build settings CGO_ENABLED=%q -trimpath=%q, want 0 and true", settings["CGO_ENABLED"], settings["-trimpath"])
		}
	}

	// docker run -v $dir:/scenarios -e GRAPHMOCK_SCENARIO=/scenarios/small.yaml
	mount := t.TempDir()
	if err := os.WriteFile(filepath.Join(mount, "small.yaml"), mustReadFile(t, filepath.Join(repoRoot, "scenarios", "small.yaml")), 0o644); err != nil {
		t.Fatal(err)
	}
	env := d.imageEnv(t)
	port := freePort(t)
	env["GRAPHMOCK_ADDR"] = strings.Replace(env["GRAPHMOCK_ADDR"], ":8080", ":"+port, 1)
	env["GRAPHMOCK_SCENARIO"] = filepath.Join(mount, "small.yaml")
	var environ []string
	for k, v := range env {
		environ = append(environ, k+"="+v)
	}
	image := func(args []string) *exec.Cmd { // "/graphmock" in the image is the built binary here
		if args[0] == "/graphmock" {
			args = append([]string{binary}, args[1:]...)
		}
		cmd := exec.Command(args[0], args[1:]...)
		cmd.Env, cmd.Dir = environ, mount // WORKDIR /scenarios
		return cmd
	}
	entrypoint := append(execForm(t, "ENTRYPOINT", d.one(t, d.finalStage(), "ENTRYPOINT")),
		execForm(t, "CMD", d.one(t, d.finalStage(), "CMD"))...)
	_, hcArgs, _ := strings.Cut(d.one(t, d.finalStage(), "HEALTHCHECK"), "CMD ")
	healthcheck := execForm(t, "HEALTHCHECK CMD", hcArgs)

	server := image(entrypoint)
	var stdout, stderr bytes.Buffer
	server.Stdout, server.Stderr = &stdout, &stderr
	if err := server.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	go func() { exited <- server.Wait() }()
	defer func() {
		_ = server.Process.Kill()
	}()

	start := time.Now()
	for {
		out, err := image(healthcheck).CombinedOutput()
		if err == nil {
			t.Logf("healthy after %s: %s", time.Since(start).Round(time.Millisecond), bytes.TrimSpace(out))
			break
		}
		if time.Since(start) > 10*time.Second {
			t.Fatalf("HEALTHCHECK still failing after 10s: %v %s\nserver stdout: %s\nstderr: %s", err, out, &stdout, &stderr)
		}
		time.Sleep(100 * time.Millisecond)
	}
	base := "http://127.0.0.1:" + port
	for target, want := range map[string]string{
		"/v1.0/communications/callRecords": `"@odata.context":"` + base + `/v1.0/$metadata#communications/callRecords"`,
		"/":                                "graphmock explorer",
	} {
		resp, err := http.Get(base + target)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK || !bytes.Contains(body, []byte(want)) {
			t.Errorf("GET %s = %s, want 200 with %q", target, resp.Status, want)
		}
	}

	// docker stop: SIGTERM, then SIGKILL after 10 s.
	if err := server.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-exited:
		if err != nil {
			t.Errorf("after SIGTERM the server exited with %v, want status 0\nstderr: %s", err, &stderr)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the server did not stop within Docker's 10s grace period")
	}
	if !strings.HasPrefix(stdout.String(), "graphmock ") || !strings.Contains(stdout.String(), `serving `+base+` with scenario "small" from `+env["GRAPHMOCK_SCENARIO"]) {
		t.Errorf("start-up line:\n%s", &stdout)
	}
	if err := image(healthcheck).Run(); err == nil {
		t.Error("HEALTHCHECK passes after the server stopped")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if out, err := exec.CommandContext(ctx, binary, "version").Output(); err != nil || !bytes.HasPrefix(out, []byte("graphmock ")) {
		t.Errorf("version = %v %q", err, out)
	}
}
