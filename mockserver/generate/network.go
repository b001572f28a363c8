package generate

import "fmt"

// networkInfo writes the network an endpoint used for a media entry: a client's LAN, Wi-Fi or
// cellular network with its address, relay and quality event ratios, or a service's datacenter
// address. The members Graph always sends (connectionType, networkTransportProtocol, wifiBand,
// wifiRadioType, traceRouteHops) are always there.
func networkInfo(e emitter, r rng, p party, q quality) {
	e.objectStart()
	if p.kind == serviceParty {
		e.key("connectionType")
		e.str("wired")
		e.key("networkTransportProtocol")
		e.str("udp")
		e.key("ipAddress")
		e.str(fmt.Sprintf("52.114.%d.%d", 128+r.IntN(128), 1+r.IntN(254)))
		e.key("port")
		e.lit(integer(int64(r.between(49152, 53247))))
		e.key("wifiBand")
		e.str("unknown")
		e.key("wifiRadioType")
		e.str("unknown")
		e.key("traceRouteHops")
		e.arrayStart()
		e.arrayEnd()
		e.objectEnd()
		return
	}
	n := netOf(p)
	protocol := "udp"
	if r.chance(0.04) { // UDP blocked: media over TCP through the relay
		protocol = "tcp"
	}
	host := 2 + r.IntN(250)
	e.key("connectionType")
	e.str(n.connection)
	e.key("networkTransportProtocol")
	e.str(protocol)
	e.key("ipAddress")
	e.str(fmt.Sprintf("%s.%d", n.subnet, host))
	e.key("subnet")
	e.str(n.subnet + ".0")
	e.key("port")
	e.lit(integer(int64(r.between(50000, 50059))))
	if n.linkSpeed > 0 {
		e.key("linkSpeed")
		e.lit(integer(n.linkSpeed))
	}
	if n.dnsSuffix != "" {
		e.key("dnsSuffix")
		e.str(n.dnsSuffix)
	}
	e.key("reflexiveIPAddress")
	e.str(n.reflexive)
	e.key("relayIPAddress")
	e.str(fmt.Sprintf("52.114.%d.%d", 128+r.IntN(128), 1+r.IntN(254)))
	e.key("relayPort")
	e.lit(integer(int64(r.between(3478, 3481))))
	if n.bssid != "" {
		e.key("basicServiceSetIdentifier")
		e.str(n.bssid)
	}
	ratio := func(scale float64) string { return single(clamp(q.loss*scale*r.uniform(0.5, 1.5), 0, 1), 4) }
	e.key("bandwidthLowEventRatio")
	e.lit(ratio(2))
	e.key("delayEventRatio")
	e.lit(single(clamp(float64(q.rtt.Milliseconds()-150)/1000, 0, 1), 4))
	e.key("receivedQualityEventRatio")
	e.lit(ratio(5))
	e.key("sentQualityEventRatio")
	e.lit(ratio(4))
	e.key("wifiBand")
	e.str(n.wifiBand)
	e.key("wifiRadioType")
	e.str(n.wifiRadio)
	if n.connection == "wifi" {
		e.key("wifiChannel")
		e.lit(integer(int64(n.channel)))
		e.key("wifiSignalStrength")
		e.lit(integer(int64(clamp(r.lognormal(75, 0.2), 5, 100))))
		if p.dev != nil && !p.dev.mobile && p.dev.cpuName != "" {
			e.key("wifiBatteryCharge")
			e.lit(integer(int64(r.between(8, 100))))
		}
	}
	e.key("traceRouteHops")
	e.arrayStart()
	if r.chance(0.1) { // a trace route now and then, ending at the relay
		hops := r.between(3, 6)
		rtt := 1.0
		for h := 1; h <= hops; h++ {
			rtt += r.uniform(0.5, float64(q.rtt.Milliseconds())/float64(hops))
			e.objectStart()
			e.key("hopCount")
			e.lit(integer(int64(h)))
			e.key("ipAddress")
			e.str(fmt.Sprintf("%d.%d.%d.%d", pick(r, []int{10, 100, 104, 52}), r.IntN(256), r.IntN(256), 1+r.IntN(254)))
			e.key("roundTripTime")
			e.str(isoDuration(ms(rtt)))
			e.objectEnd()
		}
	}
	e.arrayEnd()
	e.objectEnd()
}
