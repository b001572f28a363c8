package main

import (
	"fmt"
	"io"
	"net"
	"strings"
)

// startupInfo is what the start-up lines report.
type startupInfo struct {
	version   string
	url       string // http(s)://host:port a client on this machine can use
	listening string // the bound address, shown when it differs from the URL's host:port
	scenario  string // ScenarioInfo().String()
	baseURL   string // the configured public base URL, if any
	insecure  bool   // the certificate is self-signed, so curl needs -k
	seed      string // the fault-injection seed, when the engine has one
	watching  bool   // -watch is on
}

// printStartup writes the human start-up lines to w (stdout): version, URL and scenario summary
// on the first line (tests and scripts read the URL from it), then the fault seed and watching
// when they apply, the explorer's address and an example curl command.
func printStartup(w io.Writer, s startupInfo) {
	fmt.Fprintf(w, "graphmock %s serving %s with %s\n", s.version, s.url, s.scenario)
	if hostPort := strings.TrimPrefix(strings.TrimPrefix(s.url, "https://"), "http://"); hostPort != s.listening {
		fmt.Fprintf(w, "listening on %s\n", s.listening)
	}
	if s.baseURL != "" {
		fmt.Fprintf(w, "@odata links use the public base URL %s\n", s.baseURL)
	}
	if s.seed != "" {
		fmt.Fprintf(w, "fault seed %s\n", s.seed)
	}
	if s.watching {
		fmt.Fprintf(w, "watching the scenario file: it reloads when it changes\n")
	}
	k := ""
	if s.insecure {
		k = "-k "
	}
	fmt.Fprintf(w, "explorer: %s/\n", s.url)
	fmt.Fprintf(w, "try: curl %s%s/v1.0/communications/callRecords\n", k, s.url)
}

// listenURL is the base URL of a bound listener as a local client would dial it: the real port
// (so -addr :0 prints the one picked), and 127.0.0.1 instead of an unspecified host.
func listenURL(scheme string, addr net.Addr) string {
	host, port, err := net.SplitHostPort(addr.String())
	if err != nil {
		return scheme + "://" + addr.String()
	}
	return scheme + "://" + net.JoinHostPort(dialHost(host), port)
}
