package synth

import (
	"math/rand/v2"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// The streamed case's other files, beside WriteSBRMessages and
// WriteSBRCalls: the owner's carrier bill (WriteCarrierBill) and address
// book (WriteContacts), and the mother's call and message logs
// (WriteRelativeMessages, WriteRelativeCalls). They take their numbers from
// the pools of the streamed SMS Backup & Restore files and from one
// household, so that analysis sees one case: the collectors who write to
// the owner call the mother, the owner's contacts write to the owner, the
// bill lists the owner's calls.

// PCG streams of the streamed case's other files. Each file draws from its
// own, so that the size of one file does not change another, and none
// changes what WriteSBRMessages and WriteSBRCalls write.
const (
	pcgHousehold = 0x6c65616b74726c33
	pcgBill      = 0x6c65616b74726c34
	pcgContacts  = 0x6c65616b74726c35
	pcgRelMsgs   = 0x6c65616b74726c36
	pcgRelCalls  = 0x6c65616b74726c37
	pcgBillSheet = 0x6c65616b74726c38
)

// chinaMobilePrefixes are China Mobile's: the owner's carrier, whose SMS
// centre the streamed messages name (+8613800755500, Shenzhen).
var chinaMobilePrefixes = []string{"134", "135", "136", "137", "138", "139", "147", "150", "151", "152", "157", "158", "159", "178", "182", "183", "184", "187", "188", "198"}

// motherTeamSize is how many of the pool's numbers collect from the mother.
const motherTeamSize = 300

// household is the owner's family and the collectors who reach it, for a
// seed of the streamed case.
type household struct {
	st *stream // the pools of the streamed files, the owner's name and story
	// National mobile numbers, none of them in the pool.
	owner, mother, father, sister string
	kin                           []string // the mother's relatives, named as motherRelatives
	// team are the pool numbers that call and text the mother: collectors
	// who also write to the owner, in the streamed messages.
	team   []string
	inTeam map[string]bool
	pool   map[string]bool // the pool's mobiles, made by inPool
}

func newHousehold(seed int64) *household {
	st := newStream(seed)
	r := newRndStream(seed, pcgHousehold)
	used := make(map[string]bool, len(st.mobiles)+16)
	for _, n := range st.mobiles {
		used[n] = true
	}
	mobile := func(prefixes []string) string {
		for {
			n := pick(r, prefixes) + r.digits(8)
			if !used[n] {
				used[n] = true
				return n
			}
		}
	}
	h := &household{st: st, inTeam: map[string]bool{}}
	h.owner = mobile(chinaMobilePrefixes)
	h.mother = mobile(ordinaryPrefixes)
	h.father = mobile(ordinaryPrefixes)
	h.sister = mobile(ordinaryPrefixes)
	for range motherRelatives {
		h.kin = append(h.kin, mobile(ordinaryPrefixes))
	}
	for _, i := range r.Perm(len(st.mobiles))[:min(motherTeamSize, len(st.mobiles))] {
		h.team = append(h.team, st.mobiles[i])
		h.inTeam[st.mobiles[i]] = true
	}
	return h
}

func newRndStream(seed int64, stream uint64) rnd {
	return rnd{rand.New(rand.NewPCG(uint64(seed), stream))}
}

// ownerName is the owner's full name, as the collectors write it.
func (h *household) ownerName() string { return h.st.v["name"] }

// ownerGiven is the owner's name without the surname, as family call them.
func (h *household) ownerGiven() string {
	name := h.ownerName()
	_, size := utf8.DecodeRuneInString(name)
	return name[size:]
}

// masked writes a number as carriers and collectors mask it: 138****5678.
func masked(n string) string {
	if len(n) != 11 {
		return n
	}
	return n[:3] + "****" + n[7:]
}

// withPlus86 writes a national mobile number with +86 now and then, as
// phones show them.
func withPlus86(r rnd, n string, p float64) string {
	if len(n) == 11 && strings.HasPrefix(n, "1") && r.chance(p) {
		return "+86" + n
	}
	return n
}

// streamVars are the template variables of one record of the streamed case
// at time at (Unix ms).
func (h *household) streamVars(r rnd, at int64) vars {
	v := vars{}
	for k, s := range h.st.v {
		v[k] = s
	}
	t := time.UnixMilli(at).In(h.st.loc)
	v["platform"] = pick(r, h.st.plats)
	v["owed"] = strconv.Itoa(r.between(2000, 9000))
	v["days"] = strconv.Itoa(r.between(1, 90))
	v["md"] = t.Format("1月2日")
	v["hm"] = t.Format("15:04")
	v["month"] = strconv.Itoa(int(t.AddDate(0, -1, 0).Month()))
	v["path"] = r.digits(5)
	return v
}
