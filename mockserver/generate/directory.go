package generate

import (
	"fmt"
	"strings"
)

// The directory is the tenant the calls happen in: its users (each with one or two devices that
// keep their name, user agent, audio devices and home network from call to call), its meeting
// rooms, the external phone numbers it calls, and the Teams services that appear as endpoints.
// Every call draws its people from here, so ids, names and UPNs stay consistent across records.

const domain = "contoso.com"

// Teams' own Entra application id, as clients report it in azureADAppId.
const teamsAppID = "1fec8e78-bce4-4aaf-ab1b-5451cc387264"

const firstNames = "Alice Bob Chen Dana Elif Farid Grace Hiro Ines Jonas Kavya Liam Maya Noah Olga Pedro " +
	"Quinn Rosa Sven Tariq Uma Viktor Wen Ximena Yusuf Zoe Aiko Bruno Chloe Diego Emma Felix Giulia Hamza " +
	"Ingrid Jamal Keiko Lars Mei Nadia Omar Priya Rafael Sara Tomas Ulla Valentina Wei Yara Zain"

const lastNames = "Moreau Lindqvist Wei Okafor Yilmaz Haddad Kim Tanaka Garcia Becker Iyer Murphy Cohen " +
	"Novak Petrova Silva Rossi Jensen Nakamura Kowalski Dubois Schmidt Fernandes Larsen Mensah Khan " +
	"Andersson Costa Fischer Horvat Ivanova Jovanovic Kaur Lopez Muller Nielsen Ortiz Park Quispe Reyes"

// user is a person in the tenant.
type user struct {
	id, name, upn string
	number        string // a direct number, for PSTN calls
	adminUnit     string // "" when the user is in none
	devices       []device
}

// device is one endpoint a user calls from, stable across calls.
type device struct {
	name           string // the participantEndpoint name (the machine's name)
	cpuName        string // "" on phones and browsers
	cpuCores, mhz  int
	agent          clientAgent
	capture        string // capture and render device names
	render         string
	driver         string // "" when the OS reports none
	net            network
	mobile, remote bool // a phone (cellular or Wi-Fi), a home network
}

// clientAgent is what a client reports in its clientUserAgent.
type clientAgent struct {
	header, version, platform, family string
}

// network is an endpoint's usual network.
type network struct {
	connection string // networkConnectionType
	subnet     string // the first three octets of its /24
	dnsSuffix  string
	wifiBand   string
	wifiRadio  string
	linkSpeed  int64
	reflexive  string // the public address the relay sees
	bssid      string
	channel    int
}

// service is a Teams service that appears as a serviceEndpoint.
type service struct {
	header, version, role string
}

// directory is everything a scenario's calls are made of.
type directory struct {
	tenant     string
	users      []user
	rooms      []user
	phones     []string // external numbers the tenant calls and is called from
	adminUnits []string
}

// newDirectory makes a tenant of n users, about one meeting room per 25 of them and a pool of
// external numbers.
func newDirectory(r rng, n int) *directory {
	d := &directory{tenant: r.guid()}
	for range 3 {
		d.adminUnits = append(d.adminUnits, r.guid())
	}
	firsts, lasts := strings.Fields(firstNames), strings.Fields(lastNames)
	taken := map[string]int{}
	for range n {
		first, last := pick(r, firsts), pick(r, lasts)
		u := user{id: r.guid(), name: first + " " + last, number: userNumber(len(d.users))}
		local := strings.ToLower(first + "." + last)
		if taken[local]++; taken[local] > 1 {
			local += fmt.Sprint(taken[local])
		}
		u.upn = local + "@" + domain
		if r.chance(0.6) {
			u.adminUnit = pick(r, d.adminUnits)
		}
		u.devices = append(u.devices, newDevice(r, first, false))
		if r.chance(0.35) {
			u.devices = append(u.devices, newDevice(r, first, true))
		}
		d.users = append(d.users, u)
	}
	rooms := strings.Fields("Rainier Baker Adams Hood Shasta Olympus Whitney Denali Elbert Logan Robson Victoria")
	for i := range max(1, n/25) {
		name := rooms[i%len(rooms)]
		if i >= len(rooms) {
			name += fmt.Sprint(" ", i/len(rooms)+1)
		}
		u := user{id: r.guid(), name: "Conf Room " + name, upn: strings.ToLower(strings.ReplaceAll(name, " ", "")) + "@" + domain}
		u.devices = []device{newRoomDevice(r, name)}
		d.rooms = append(d.rooms, u)
	}
	for range max(8, n/2) {
		d.phones = append(d.phones, externalNumber(r))
	}
	return d
}

// externalNumber is a number in one of the ranges set aside for fiction: North America's
// 555-01xx, the UK's 020 7946 0xxx, Australia's 0491 570 xxx.
func externalNumber(r rng) string {
	switch r.IntN(3) {
	case 0:
		return "+1" + pick(r, []string{"425", "206", "212", "312", "415"}) + "55501" + r.digits(2)
	case 1:
		return "+4420794600" + r.digits(2)
	}
	return "+61491570" + r.digits(3)
}

// userNumber is the direct number of the tenant's n-th user, for PSTN calls.
func userNumber(n int) string { return fmt.Sprintf("+1206555%04d", n%10000) }

// newDevice makes a device for a user: a computer (or the web client), or a phone.
func newDevice(r rng, first string, phone bool) device {
	const teams = "25306.804.4102.7193"
	var d device
	platform := pickWeighted(r, weighted[string]{{62, "windows"}, {20, "macOS"}, {18, "web"}})
	if phone {
		platform = pickWeighted(r, weighted[string]{{55, "iOS"}, {45, "android"}})
	}
	switch platform {
	case "windows":
		d.name = fmt.Sprintf("CONTOSO-LT-%04d", r.IntN(10000))
		d.cpuName = pick(r, []string{"13th Gen Intel(R) Core(TM) i7-1365U", "Intel(R) Core(TM) Ultra 7 165U", "AMD Ryzen 7 PRO 7840U w/ Radeon 780M Graphics", "Snapdragon(R) X Elite - X1E78100"})
		d.cpuCores, d.mhz = pick(r, []int{8, 10, 12, 16}), pick(r, []int{1800, 2100, 3300, 3400})
		d.agent = clientAgent{"Microsoft Teams/" + teams + " (Windows NT 10.0.26100; x64)", teams, "windows", "teams"}
		d.driver = "Microsoft: 10.0.26100.4768"
	case "macOS":
		d.name = first + "s-MacBook-Pro"
		d.cpuName = pick(r, []string{"Apple M3 Pro", "Apple M4", "Apple M2"})
		d.cpuCores, d.mhz = pick(r, []int{8, 10, 12}), pick(r, []int{3490, 4050, 4400})
		d.agent = clientAgent{"Microsoft Teams/" + teams + " (Macintosh; macOS 15.6.1; arm64)", teams, "macOS", "teams"}
	case "web":
		d.name = "browser"
		d.agent = clientAgent{"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/142.0.0.0 Safari/537.36 Edg/142.0.0.0 TeamsWeb/" + teams, teams, "web", "teams"}
	case "iOS":
		d.name, d.mobile = first+"'s iPhone", true
		d.agent = clientAgent{"Microsoft Teams/7.21.1 (iPhone; iOS 18.5)", "7.21.1", "iOS", "teams"}
	case "android":
		d.name, d.mobile = "Pixel 8", true
		d.agent = clientAgent{"Microsoft Teams/1416/1.0.0.2025183402 (Android 15; Pixel 8)", "1416/1.0.0.2025183402", "android", "teams"}
	}
	headset := pick(r, []string{"Jabra Evolve2 65", "Poly Voyager Focus 2", "Logitech Zone Wireless", "Sennheiser MB Pro 2", ""})
	switch {
	case d.mobile:
		d.capture, d.render = "iPhone Microphone", "iPhone Receiver"
		if platform == "android" {
			d.capture, d.render = "Built-in microphone", "Built-in earpiece"
		}
	case headset == "":
		d.capture, d.render = "Microphone Array (Realtek(R) Audio)", "Speakers (Realtek(R) Audio)"
	default:
		d.capture, d.render = "Headset Microphone ("+headset+")", "Headset Earphone ("+headset+")"
	}
	d.remote = r.chance(0.4)
	d.net = newNetwork(r, d.mobile, d.remote)
	return d
}

// newRoomDevice is a Teams Rooms console, wired in the office.
func newRoomDevice(r rng, name string) device {
	return device{
		name: "MTR-" + strings.ToUpper(strings.ReplaceAll(name, " ", "-")), cpuName: "Intel(R) Core(TM) i5-1145G7E", cpuCores: 4, mhz: 2600,
		agent:   clientAgent{"Microsoft Teams Rooms/5.3.117.0 (Windows NT 10.0.22631)", "5.3.117.0", "roomSystem", "teams"},
		capture: "Poly Studio X52 Microphone", render: "Poly Studio X52 Speaker", driver: "Microsoft: 10.0.22631.4317",
		net: newNetwork(r, false, false),
	}
}

// newNetwork is a device's usual network: the office LAN (wired, corp DNS suffix), office
// Wi-Fi, a home network, or cellular for a phone away from Wi-Fi.
func newNetwork(r rng, mobile, remote bool) network {
	n := network{wifiBand: "unknown", wifiRadio: "unknown"}
	switch {
	case mobile && r.chance(0.4):
		n.connection, n.subnet = "mobile", fmt.Sprintf("100.%d.%d", 64+r.IntN(64), r.IntN(256))
		n.linkSpeed = int64(pick(r, []int{50, 100, 300})) * 1_000_000
	case remote || mobile:
		n.connection, n.subnet = "wifi", fmt.Sprintf("192.168.%d", pick(r, []int{0, 1, 1, 10, 178}))
	case r.chance(0.45):
		n.connection, n.subnet, n.dnsSuffix = "wired", fmt.Sprintf("10.20.%d", r.IntN(64)), "corp."+domain
		n.linkSpeed = 1_000_000_000
	default:
		n.connection, n.subnet, n.dnsSuffix = "wifi", fmt.Sprintf("10.40.%d", r.IntN(64)), "corp."+domain
	}
	if n.connection == "wifi" {
		n.wifiBand = pickWeighted(r, weighted[string]{{70, "frequency50GHz"}, {25, "frequency24GHz"}, {5, "frequency60GHz"}})
		n.wifiRadio = pickWeighted(r, weighted[string]{{55, "wifi80211ax"}, {35, "wifi80211ac"}, {10, "wifi80211n"}})
		n.linkSpeed = int64(pick(r, []int{144, 300, 433, 866, 1201})) * 1_000_000
		n.bssid = fmt.Sprintf("%02X-%02X-%02X-%02X-%02X-%02X", r.IntN(256)&^1, r.IntN(256), r.IntN(256), r.IntN(256), r.IntN(256), r.IntN(256))
		n.channel = pick(r, []int{1, 6, 11, 36, 44, 100, 149})
	}
	if remote || n.connection == "mobile" {
		n.reflexive = fmt.Sprintf("198.51.100.%d", 1+r.IntN(254))
	} else {
		n.reflexive = fmt.Sprintf("203.0.113.%d", 1+r.IntN(30))
	}
	return n
}

// The Teams services that appear as service endpoints.
func avMCU() service {
	return service{"Microsoft.Skype.AVMCU/2026.11.9.14", "2026.11.9.14", "skypeForBusinessAudioVideoMcu"}
}

func mediationServer() service {
	return service{"Microsoft.Skype.MediationServer/2026.11.4.2", "2026.11.4.2", "mediationServer"}
}

func sbcGateway() service {
	return service{"sbc1." + domain + "/AudioCodes-Mediant-SW/7.40A.500.775", "7.40A.500.775", "gateway"}
}

func autoAttendant() service {
	return service{"Microsoft.Skype.AutoAttendant/2026.11.2.1", "2026.11.2.1", "skypeForBusinessAutoAttendant"}
}

func callQueue() service {
	return service{"Microsoft.Skype.CallQueues/2026.11.2.1", "2026.11.2.1", "skypeForBusinessCallQueues"}
}

func voicemail() service {
	return service{"Microsoft.Exchange.Voicemail/15.20.8722.18", "15.20.8722.18", "voicemail"}
}

func announcements() service {
	return service{"Microsoft.Skype.ConferencingAnnouncement/2026.11.3.7", "2026.11.3.7", "conferencingAnnouncementService"}
}
