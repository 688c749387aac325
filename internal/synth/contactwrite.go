package synth

import (
	"bufio"
	"fmt"
	"io"
	"strconv"
)

// collectorSaved are names victims give collectors' numbers so as not to
// answer them.
var collectorSaved = []string{"催收别接", "网贷催收", "骚扰勿接", "催债", "贷款催收"}

// contactsFixed are the cards every streamed address book starts with.
const contactsFixed = 6

// WriteContacts writes the owner's address book of n cards for the
// streamed case of seed, as Android exports it (vCard 2.1, UTF-8
// quoted-printable names). The first cards are the family, whose numbers
// the mother's logs hold (妈妈, 爸爸, 姐姐), and the bank and carrier the
// streamed calls reach (95588, 10086, 95533). Every 25th of the others is
// one of the mother's collectors, saved as one not to answer (催收别接3);
// the rest are friends and colleagues, whose numbers come from the pool
// the streamed messages and calls draw on, and every tenth of them has a
// work number besides. Each card has one TEL, those with a work number
// two; no number is on two cards.
func WriteContacts(w io.Writer, seed int64, n int) error {
	if n < 0 {
		return fmt.Errorf("synth: negative record count %d", n)
	}
	h := newHousehold(seed)
	r := newRndStream(seed, pcgContacts)
	bw := bufio.NewWriterSize(w, 64<<10)
	used := map[string]bool{}
	fresh := func(prefixes []string) string { // a mobile outside the pool
		for {
			num := pick(r, prefixes) + r.digits(8)
			if !used[num] && !h.inPool(num) {
				used[num] = true
				return num
			}
		}
	}
	// Friends come from the pool, outside the mother's collectors, in a
	// random order.
	var friends []string
	for _, i := range r.Perm(len(h.st.mobiles)) {
		if num := h.st.mobiles[i]; !h.inTeam[num] {
			friends = append(friends, num)
		}
	}
	fixed := []card{
		{name: "妈妈", tels: []tel{{"CELL", storedNumber(r, h.mother)}}},
		{name: "爸爸", tels: []tel{{"CELL", storedNumber(r, h.father)}}},
		{name: "姐姐", tels: []tel{{"CELL", storedNumber(r, h.sister)}}},
		{name: "工商银行", tels: []tel{{"WORK", "95588"}}},
		{name: "中国移动", tels: []tel{{"WORK", "10086"}}},
		{name: "建设银行信用卡", tels: []tel{{"WORK", "95533"}}},
	}
	for _, num := range []string{h.owner, h.mother, h.father, h.sister} {
		used[num] = true
	}
	saved, friend := 0, 0
	for i := range n {
		var c card
		switch k := i - contactsFixed; {
		case i < contactsFixed:
			c = fixed[i]
		case k%25 == 24 && saved < len(h.team):
			c.name = pick(r, collectorSaved) + strconv.Itoa(saved+1)
			c.tels = []tel{{"CELL", storedNumber(r, h.team[saved])}}
			saved++
		default:
			num := ""
			if friend < len(friends) {
				num = friends[friend]
			} else {
				num = fresh(ordinaryPrefixes)
			}
			friend++
			c.name = contactName(r)
			c.tels = []tel{{"CELL", storedNumber(r, num)}}
			if friend%10 == 0 {
				c.org = h.st.v["company"]
				work := ""
				for work == "" || used[work] {
					work = "0755" + strconv.Itoa(r.between(2, 8)) + r.digits(7)
				}
				used[work] = true
				c.tels = append(c.tels, tel{"WORK", dashed(work, "0755")})
			}
		}
		if err := writeVCard(bw, []card{c}); err != nil {
			return err
		}
	}
	return bw.Flush()
}

// inPool reports whether num is one of the pool's mobiles.
func (h *household) inPool(num string) bool {
	if h.pool == nil {
		h.pool = make(map[string]bool, len(h.st.mobiles))
		for _, m := range h.st.mobiles {
			h.pool[m] = true
		}
	}
	return h.pool[num]
}

// storedNumber writes a mobile number as people type it into an address
// book: as it is, spaced, with +86, or dashed.
func storedNumber(r rnd, num string) string {
	switch x := r.Float64(); {
	case x < 0.4:
		return num
	case x < 0.7:
		return spaced(num)
	case x < 0.85:
		return "+86 " + spaced(num)
	case x < 0.95:
		return "+86" + num
	default:
		return num[:3] + "-" + num[3:7] + "-" + num[7:]
	}
}

// contactName is a friend's or colleague's name as saved: a full name,
// now and then a nickname or a name with what they are.
func contactName(r rnd) string {
	male := r.chance(0.5)
	given := pickIf(male, maleGiven, femaleGiven)
	switch x := r.Float64(); {
	case x < 0.05:
		return pick(r, otherContacts)
	case x < 0.1:
		return pick(r, englishName)
	case x < 0.15:
		return pickIf(r.chance(0.5), "老", "小") + pick(r, surnames)
	case x < 0.55:
		return pick(r, surnames) + pick(r, given)
	default:
		return pick(r, surnames) + pick(r, given) + pick(r, given)
	}
}
