// Command baseline is the reference server of bench/load.sh: a bare net/http handler that answers
// a fixed set of requests with pre-encoded bytes, so the load benchmark can compare graphmock with
// the cheapest server that sends the same bodies.
//
// It reads a manifest, one response a line:
//
//	METHOD STATUS PATH BODY-FILE CONTENT-TYPE
//
// and answers METHOD PATH (the query string is ignored) with STATUS, that Content-Type and the
// file's bytes, read once at start-up. A request body is read and discarded first, as a real
// server must. Anything else is a 404 with an empty body.
//
// With -one-write it serves through the same coalescing listener as graphmock's binary
// (internal/coalesce), so a load run can also compare graphmock with a bare server that writes
// each answer in one system call, as graphmock does: the ratio then measures graphmock's own
// work alone.
//
//	go run ./bench/baseline -addr 127.0.0.1:18472 -manifest responses.txt
package main

import (
	"bufio"
	"flag"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/graphmock/graphmock/internal/coalesce"
)

// key selects a canned response; a struct key keeps the lookup free of allocations.
type key struct{ method, path string }

// canned is one pre-encoded response.
type canned struct {
	status      int
	contentType []string
	body        []byte
}

func main() {
	addr := flag.String("addr", "127.0.0.1:18472", "host:port to listen on")
	manifest := flag.String("manifest", "", "file of lines `METHOD STATUS PATH BODY-FILE CONTENT-TYPE`")
	oneWrite := flag.Bool("one-write", false, "write each answer in one system call, as graphmock's binary does (internal/coalesce)")
	flag.Parse()
	if *manifest == "" || flag.NArg() != 0 {
		flag.Usage()
		os.Exit(2)
	}
	responses, err := load(*manifest)
	if err != nil {
		log.Fatalf("baseline: %v", err)
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		log.Fatalf("baseline: %v", err)
	}
	if *oneWrite {
		ln = coalesce.Listen(ln)
	}
	srv := &http.Server{Handler: serve(responses), ReadHeaderTimeout: 10 * time.Second}
	log.Printf("baseline: serving %d responses on http://%s (one write per answer: %t)", len(responses), *addr, *oneWrite)
	log.Fatal(srv.Serve(ln))
}

// serve answers each request with its canned response, or 404 with an empty body.
func serve(responses map[key]canned) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		c, ok := responses[key{r.Method, r.URL.Path}]
		if !ok {
			w.WriteHeader(http.StatusNotFound)
			return
		}
		if r.Body != nil {
			_, _ = io.Copy(io.Discard, r.Body)
		}
		h := w.Header()
		h["Content-Type"] = c.contentType
		h["Content-Length"] = []string{strconv.Itoa(len(c.body))}
		w.WriteHeader(c.status)
		_, _ = w.Write(c.body)
	})
}

// load reads the manifest and the body files it names.
func load(manifest string) (map[key]canned, error) {
	f, err := os.Open(manifest)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	responses := map[key]canned{}
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		fields := strings.Fields(line)
		if len(fields) != 5 {
			return nil, fmt.Errorf("%s:%d: want METHOD STATUS PATH BODY-FILE CONTENT-TYPE, got %d fields", manifest, n, len(fields))
		}
		status, err := strconv.Atoi(fields[1])
		if err != nil || status < 100 || status > 999 {
			return nil, fmt.Errorf("%s:%d: bad status %q", manifest, n, fields[1])
		}
		body, err := os.ReadFile(fields[3])
		if err != nil {
			return nil, fmt.Errorf("%s:%d: %v", manifest, n, err)
		}
		responses[key{fields[0], fields[2]}] = canned{status: status, contentType: []string{fields[4]}, body: body}
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	if len(responses) == 0 {
		return nil, fmt.Errorf("%s: no responses", manifest)
	}
	return responses, nil
}
