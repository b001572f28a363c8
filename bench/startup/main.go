// Command startup measures servers' start-up as issue 11 counts it, exec to the first 200, more
// finely than bench/load.sh: each server is started pinned to one CPU with GOMAXPROCS=1, GET PATH
// is polled every 200 µs until it answers 200, the server is killed, and its CPU time and minor
// page faults are read from the kernel (rusage: microseconds and single faults, where load.sh's
// CPU column counts 10 ms ticks). The servers take turns, so load that drifts falls on all of
// them alike; it prints each one's medians. On a machine shared with other work, trust the CPU
// and the faults more than the wall time.
//
//	go build -o /tmp/gm ./cmd/graphmock
//	go build -o /tmp/gm-old ./cmd/graphmock   # at another commit
//	go run ./bench/startup -n 31 'new=/tmp/gm -addr {addr} -log-level error' 'old=/tmp/gm-old -addr {addr} -log-level error'
//
// {addr} in a command is replaced by -addr's value. The default PATH is the P2P segment of the
// default scenario, load.sh's start-up request.
package main

import (
	"bufio"
	"errors"
	"flag"
	"fmt"
	"net"
	"os"
	"os/exec"
	"slices"
	"strings"
	"syscall"
	"time"
)

// server is one command line to measure.
type server struct {
	name string
	argv []string
}

// start is what one start-up cost.
type start struct {
	wall, cpu time.Duration
	faults    int64
}

func main() {
	n := flag.Int("n", 11, "start-ups per server")
	addr := flag.String("addr", "127.0.0.1:18491", "the loopback `host:port` each server listens on, in turn")
	cpu := flag.String("cpu", "0", "the `CPU` (taskset -c) the servers run on")
	path := flag.String("path", "/v1.0/communications/callRecords/6c9f1a2e-4b7d-4e3a-8f10-2d5c7b9e1a48/sessions/6c9f1a2e-4b7d-4e3a-8f10-2d5c7b9e1a48/segments/6c9f1a2e-4b7d-4e3a-8f10-2d5c7b9e1a48",
		"the `path` whose first 200 ends a start-up")
	flag.Parse()
	servers, err := parseServers(flag.Args(), *addr)
	if err != nil || *n < 1 {
		fmt.Fprintf(os.Stderr, "startup: %v\nusage: startup [flags] 'NAME=COMMAND {addr} ARGS...'...\n", cmpErr(err))
		flag.PrintDefaults()
		os.Exit(2)
	}
	got := make([][]start, len(servers))
	for i := range *n {
		for k := range servers {
			j := (i + k) % len(servers) // each takes every place in turn
			s, err := measure(servers[j], *cpu, *addr, *path)
			if err != nil {
				fmt.Fprintf(os.Stderr, "startup: %s: %v\n", servers[j].name, err)
				os.Exit(1)
			}
			got[j] = append(got[j], s)
		}
	}
	fmt.Printf("median of %d start-ups each, pinned to CPU %s, GOMAXPROCS=1; load average %s", *n, *cpu, loadavg())
	for j, s := range servers {
		fmt.Println(summary(s.name, got[j]))
	}
}

// cmpErr is err, or a usage complaint when there is none.
func cmpErr(err error) error {
	if err == nil {
		return errors.New("-n must be at least 1")
	}
	return err
}

// parseServers reads NAME=COMMAND arguments, COMMAND split at spaces, {addr} replaced.
func parseServers(args []string, addr string) ([]server, error) {
	if len(args) == 0 {
		return nil, errors.New("no servers to measure")
	}
	var out []server
	for _, a := range args {
		name, cmd, ok := strings.Cut(a, "=")
		argv := strings.Fields(strings.ReplaceAll(cmd, "{addr}", addr))
		if !ok || name == "" || len(argv) == 0 {
			return nil, fmt.Errorf("%q is not NAME=COMMAND", a)
		}
		out = append(out, server{name: name, argv: argv})
	}
	return out, nil
}

// measure starts s once and times it to its first 200 on path.
func measure(s server, cpu, addr, path string) (start, error) {
	cmd := exec.Command("taskset", append([]string{"-c", cpu}, s.argv...)...) // taskset execs in place
	cmd.Env = append(os.Environ(), "GOMAXPROCS=1")
	t0 := time.Now()
	if err := cmd.Start(); err != nil {
		return start{}, err
	}
	for !answers200(addr, path) {
		if time.Since(t0) > 20*time.Second {
			_ = cmd.Process.Kill()
			_ = cmd.Wait()
			return start{}, errors.New("no 200 within 20 s")
		}
		time.Sleep(200 * time.Microsecond)
	}
	wall := time.Since(t0)
	_ = cmd.Process.Kill()
	_ = cmd.Wait() // the kill is expected: only the usage counts
	ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage)
	if !ok {
		return start{}, errors.New("no resource usage from the kernel")
	}
	return start{wall: wall, cpu: time.Duration(ru.Utime.Nano() + ru.Stime.Nano()), faults: ru.Minflt}, nil
}

// answers200 reports whether GET path on addr answers 200 now.
func answers200(addr, path string) bool {
	c, err := net.DialTimeout("tcp", addr, time.Second)
	if err != nil {
		return false
	}
	defer c.Close()
	_ = c.SetDeadline(time.Now().Add(2 * time.Second))
	if _, err := fmt.Fprintf(c, "GET %s HTTP/1.1\r\nHost: %s\r\nConnection: close\r\n\r\n", path, addr); err != nil {
		return false
	}
	line, _ := bufio.NewReader(c).ReadString('\n')
	return strings.HasPrefix(line, "HTTP/1.1 200 ")
}

// summary is one server's line: the medians, and the lower quartile of the CPU time (what the
// start-up costs when least disturbed).
func summary(name string, ss []start) string {
	wall := make([]time.Duration, len(ss))
	cpu := make([]time.Duration, len(ss))
	faults := make([]time.Duration, len(ss))
	for i, s := range ss {
		wall[i], cpu[i], faults[i] = s.wall, s.cpu, time.Duration(s.faults)
	}
	ms := func(d time.Duration) string { return fmt.Sprintf("%.2f", float64(d)/1e6) }
	return fmt.Sprintf("%-14s wall %s ms  CPU %s ms (lower quartile %s)  minor faults %d",
		name, ms(quantile(wall, 2)), ms(quantile(cpu, 2)), ms(quantile(cpu, 1)), quantile(faults, 2))
}

// quantile returns the q-th quartile of v (2: the median, the mean of the middle two for an even
// count; 1: the lower quartile, nearest rank).
func quantile(v []time.Duration, q int) time.Duration {
	s := slices.Clone(v)
	slices.Sort(s)
	if q == 2 && len(s)%2 == 0 {
		return (s[len(s)/2-1] + s[len(s)/2]) / 2
	}
	return s[(len(s)-1)*q/4]
}

// loadavg is /proc/loadavg's first three fields and a newline, or "?" and a newline.
func loadavg() string {
	b, err := os.ReadFile("/proc/loadavg")
	f := strings.Fields(string(b))
	if err != nil || len(f) < 3 {
		return "?\n"
	}
	return strings.Join(f[:3], " ") + "\n"
}
