//! Realistic generated wire articles for tests and the scale benchmarks, from one seeded
//! generator, so any corpus size is reproducible. Two sources of sentences:
//! - [`article`]: sentence templates typical of conflict reporting, with places, actors,
//!   numbers, officials and dates filled in (no files needed). About 1 in 20 articles is a
//!   syndicated rewrite of an earlier one (new lead, same body) to exercise near-duplicate
//!   detection.
//! - [`pool`]: real sentences given by the caller (`eventwire bench corpus`).

pub mod pool;

/// One generated article.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SynthArticle {
    /// Stable id (`synth-<n>`).
    pub id: String,
    pub title: String,
    /// `YYYY-MM-DD`.
    pub published: String,
    /// Plain text: headline, blank line, dateline paragraph, body.
    pub text: String,
}

/// splitmix64: small, fast and the same everywhere (both generators draw from it).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
    /// A number below `n` (0 when `n` is 0).
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
    /// An index into a non-empty slice of `len` items.
    fn index(&mut self, len: usize) -> usize {
        self.below(len as u64) as usize
    }
    fn pick<'a>(&mut self, v: &[&'a str]) -> &'a str {
        v[self.index(v.len())]
    }
    fn range(&mut self, lo: u64, hi: u64) -> u64 {
        lo + self.next() % (hi - lo + 1)
    }
}

/// Theatres: country, capital-side forces, armed groups, towns, governorates.
struct Theatre {
    country: &'static str,
    gov: &'static [&'static str],
    groups: &'static [&'static str],
    towns: &'static [&'static str],
    regions: &'static [&'static str],
}

const THEATRES: &[Theatre] = &[
    Theatre {
        country: "Iraq",
        gov: &["Iraqi forces", "the Iraqi army", "Counter Terrorism Service troops", "federal police"],
        groups: &["Islamic State", "IS militants", "jihadists"],
        towns: &[
            "Mosul", "Tal Afar", "Hawija", "Qayyarah", "Bartella", "Tikrit", "Ramadi", "Fallujah", "Baiji",
            "Sinjar", "Shirqat", "Rawa",
        ],
        regions: &["Nineveh province", "Anbar province", "Salahuddin province", "Kirkuk province"],
    },
    Theatre {
        country: "Syria",
        gov: &["Syrian government forces", "the Syrian army", "pro-government militias"],
        groups: &["Islamic State", "rebels", "Hayat Tahrir al-Sham fighters"],
        towns: &[
            "Raqqa",
            "Deir ez-Zor",
            "Palmyra",
            "Tabqa",
            "Manbij",
            "Al-Bab",
            "Idlib",
            "Hama",
            "Homs",
            "Daraa",
            "Mayadin",
            "Albu Kamal",
        ],
        regions: &["Raqqa province", "Deir ez-Zor province", "Idlib province", "Hama province"],
    },
    Theatre {
        country: "Nigeria",
        gov: &["Nigerian troops", "the Nigerian army", "soldiers"],
        groups: &["Boko Haram", "Islamic State West Africa Province fighters", "gunmen"],
        towns: &[
            "Maiduguri",
            "Bama",
            "Gwoza",
            "Dikwa",
            "Monguno",
            "Damboa",
            "Baga",
            "Konduga",
            "Mubi",
            "Damaturu",
        ],
        regions: &["Borno state", "Yobe state", "Adamawa state"],
    },
    Theatre {
        country: "Afghanistan",
        gov: &["Afghan security forces", "Afghan troops", "police"],
        groups: &["Taliban fighters", "the Taliban", "insurgents"],
        towns: &[
            "Kunduz",
            "Lashkar Gah",
            "Ghazni",
            "Farah",
            "Sangin",
            "Musa Qala",
            "Marjah",
            "Tarin Kot",
            "Pul-e-Khumri",
            "Faizabad",
        ],
        regions: &["Helmand province", "Kunduz province", "Ghazni province", "Farah province"],
    },
    Theatre {
        country: "Yemen",
        gov: &["government forces", "Saudi-backed troops", "pro-government fighters"],
        groups: &["Houthi rebels", "the Houthis", "al Qaeda militants"],
        towns: &[
            "Hodeidah", "Taiz", "Marib", "Aden", "Saada", "Mokha", "Hajjah", "Al Bayda", "Zinjibar", "Ataq",
        ],
        regions: &["Hodeidah province", "Taiz province", "Marib province"],
    },
];

const AGENCIES: &[(&str, &str)] = &[
    ("Reuters", "Reuters"),
    ("AFP", "Agence France-Presse"),
    ("AP", "Associated Press"),
    ("Xinhua", "Xinhua"),
];
const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];
const WEEKDAYS: [&str; 7] = ["Thursday", "Friday", "Saturday", "Sunday", "Monday", "Tuesday", "Wednesday"];
const OFFICIALS: &[&str] = &[
    "a military spokesman",
    "a local official",
    "the provincial governor",
    "a senior commander",
    "a police colonel",
    "the defence ministry",
    "a hospital source",
    "residents",
    "a security source",
    "the United Nations",
    "an aid worker",
    "a tribal leader",
];
const NAMES: &[&str] = &[
    "Ahmed", "Hassan", "Omar", "Fatima", "Yusuf", "Karim", "Amina", "Bashir", "Samir", "Layla", "Ibrahim",
    "Nadia",
];
const SURNAMES: &[&str] =
    &["al-Jubouri", "Haddad", "Mansour", "Bello", "Rahimi", "Saleh", "al-Obeidi", "Musa", "Karimi", "Nasser"];

/// Headline templates: {gov} {group} {town} {n}.
const TITLES: &[&str] = &[
    "{Gov} retake {town} from {group}",
    "{n} killed as {group} attack {town}",
    "Fighting rages near {town} as {gov} advance",
    "Air strikes pound {group} positions around {town}",
    "Thousands flee {town} as battle intensifies",
    "{Group} seize villages near {town}",
    "Car bomb kills {n} in {town}",
    "{Gov} push into outskirts of {town}",
];

/// Body sentence templates; `[a|b]` picks one alternative.
const SENTENCES: &[&str] = &[
    "{Gov} [recaptured|retook|regained control of|drove {group} out of] {town} [from {group}|] on {weekday} after {k} days of [heavy|fierce|intense] fighting, {official} [said|told reporters|said in a statement].",
    "At least {n} people were killed when {group} [attacked|stormed|raided] a [checkpoint|police station|military post] in {town} on {weekday}, {official} said.",
    "{Official} [said|told {agency}|claimed] {n} {group} fighters had been killed since the [offensive|operation|campaign] began in {month}.",
    "More than {big} people have been [displaced|forced from their homes|uprooted] [in and around|from] {town} since {month}, [the United Nations|aid agencies|the UN refugee agency] said.",
    "[Air strikes|Warplanes] [of|from] the US-led coalition [hit|struck|bombed] {group} positions [east|west|north|south] of {town} [overnight|on {weekday}].",
    "{Group} launched a counter-attack on the [southern|northern|eastern] edge of {town} [before dawn|at night|late on {weekday}], [using suicide car bombs|with mortars and snipers].",
    "A [roadside bomb|landmine|car bomb] killed {k} [soldiers|policemen|militiamen] [travelling|patrolling] near {town2} on {weekday}.",
    "Residents [reached by telephone|contacted by {agency}] described [heavy|constant|sporadic] shelling in the [centre|old quarter|markets] of {town}.",
    "{Gov} said they had [cleared|secured|taken] {k} villages around {town2} and were [advancing|pushing|moving] towards {town}.",
    "The [offensive|assault|push] on {town} began on {month} {day} and has been slowed by [snipers and booby traps|bad weather|fierce resistance].",
    "{Official} estimated that {group} still had between {k2} and {k3} fighters [inside|in|holed up in] {town}.",
    "[Aid agencies|The Red Cross|Doctors] warned that [food and water|medicine|fuel] [were|was] running short for civilians trapped in {town}.",
    "{Name}, a {age}-year-old [shopkeeper|teacher|farmer|driver] who fled {town} [last week|on {weekday}], said the streets were [littered with rubble|deserted].",
    "[Hospitals|Clinics] in {town2} received {n} wounded on {weekday}, according to {official}.",
    "{Group} overran [an army post|a police outpost|a checkpoint] near {town2} on {weekday}, killing {k} [soldiers|policemen], {official} said.",
    "Police said {k} gunmen opened fire on a [market|mosque|bus station] in {town}, killing {n} civilians.",
    "Engineers were clearing [explosives|mines|booby traps] from [government buildings|the hospital|schools] in {town} on {weekday}.",
    "The [military|army|ministry] has not given figures for its own casualties in the fighting for {region}.",
    "[Around|About|Some] {big} families have returned to {town2} since it was retaken in {month}.",
    "{Group} withdrew from {town2} without a fight, handing control to [local fighters|tribal forces|a local council], {official} said.",
    "Clashes between {gov} and {group} [continued|resumed|intensified] in {region} on {weekday}, {official} said.",
    "A drone strike killed {k} {group} [commanders|leaders|fighters] in a village [south|north] of {town}, [the coalition|officials] said.",
    "{Official} said {gov} now [controlled|held] about {pct} percent of {town}.",
    "Talks on a [local ceasefire|prisoner exchange|truce] in {region} collapsed on {weekday}, {official} said.",
    "The [fall|loss] of {town} would be a [major|serious|heavy] blow to {group} in {country}.",
    "{Gov} raised the national flag over the [main government compound|town hall|police headquarters] in {town2} on {weekday}.",
    "[Mortar|Rocket|Artillery] fire on {town} killed {k} [children|women|civilians] on {weekday}, {official} said.",
    "{Official} accused {group} of using civilians as human shields in {town}.",
    "[Thousands|Hundreds] of [families|people] crossed [front lines|checkpoints] out of {town} [on foot|in trucks] on {weekday}.",
    "[Electricity|Water|Telephone] services in {town2} [were cut|have been down] for {k} days, {official} said.",
    "{Gov} [imposed|announced] a curfew in {town2} [after|following] [a suicide attack|the clashes].",
    "{Group} [said|claimed] in an online statement that it had [killed|captured] {k} [soldiers|troops] near {town}.",
    "The [governor|mayor|council] of {region} [appealed|called] for [more troops|international help|reconstruction funds].",
    "[Satellite images|Photographs] showed [destroyed bridges|burned vehicles|collapsed buildings] in {town}.",
];

fn cap(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}

/// Day number (days since 1970-01-01) → (year, month 1-12, day).
fn ymd(z: i64) -> (i64, u32, u32) {
    eventwire_fuse::dates::civil_from_days(z)
}

/// Generate article `i` of corpus `seed`. Deterministic.
pub fn article(seed: u64, i: u64) -> SynthArticle {
    let mut r = Rng(seed ^ i.wrapping_mul(0xa076_1d64_78bd_642f));
    // Every ~20th article rewrites an earlier one: same body, new headline and lead.
    if i > 10 && r.below(20) == 0 {
        let orig = article(seed, r.next() % i);
        let body = orig.text.split_once("\n\n").map(|x| x.1).unwrap_or(&orig.text).to_string();
        let title = format!("{} - report", orig.title);
        let text = format!("{title}\n\n{body}\n\nThis article was republished from a wire service.");
        return SynthArticle { id: format!("synth-{i}"), title, published: orig.published, text };
    }
    let t = &THEATRES[r.index(THEATRES.len())];
    // 2014-01-01 .. 2019-12-31
    let day = crate::synth::days_from(2014, 1, 1) + r.range(0, 6 * 365) as i64;
    let (y, m, d) = ymd(day);
    let weekday = WEEKDAYS[(day.rem_euclid(7)) as usize];
    let yesterday = WEEKDAYS[((day - 1).rem_euclid(7)) as usize];
    let town = r.pick(t.towns);
    let mut town2 = r.pick(t.towns);
    if town2 == town {
        town2 = t.towns[(t.towns.iter().position(|x| *x == town).unwrap_or(0) + 1) % t.towns.len()];
    }
    let gov = r.pick(t.gov);
    let group = r.pick(t.groups);
    let (agency, _) = AGENCIES[r.index(AGENCIES.len())];
    let earlier = ymd(day - r.range(20, 200) as i64);
    let fill = |tpl: &str, r: &mut Rng| -> String {
        let k = r.range(2, 30);
        let k2 = r.range(100, 900);
        let vars: [(&str, String); 22] = [
            ("{Gov}", cap(gov)),
            ("{gov}", gov.to_string()),
            ("{Group}", cap(group)),
            ("{group}", group.to_string()),
            ("{town}", town.to_string()),
            ("{town2}", town2.to_string()),
            ("{region}", r.pick(t.regions).to_string()),
            ("{country}", t.country.to_string()),
            ("{weekday}", if r.below(2) == 0 { weekday } else { yesterday }.to_string()),
            ("{Official}", cap(r.pick(OFFICIALS))),
            ("{official}", r.pick(OFFICIALS).to_string()),
            ("{n}", r.range(3, 120).to_string()),
            ("{k}", k.to_string()),
            ("{k2}", k2.to_string()),
            ("{k3}", (k2 + r.range(50, 500)).to_string()),
            ("{big}", format!("{},{:03}", r.range(2, 400), r.range(0, 999))),
            ("{month}", MONTHS[earlier.1 as usize - 1].to_string()),
            ("{day}", earlier.2.to_string()),
            ("{Name}", format!("{} {}", r.pick(NAMES), r.pick(SURNAMES))),
            ("{age}", r.range(19, 70).to_string()),
            ("{pct}", r.range(20, 95).to_string()),
            ("{agency}", agency.to_string()),
        ];
        // Resolve [a|b] alternatives first.
        let mut s = String::with_capacity(tpl.len());
        let mut rest = tpl;
        while let Some(open) = rest.find('[') {
            s.push_str(&rest[..open]);
            let close = rest[open..].find(']').map(|c| open + c).unwrap_or(rest.len() - 1);
            let opts: Vec<&str> = rest[open + 1..close].split('|').collect();
            s.push_str(opts[r.index(opts.len())]);
            rest = &rest[close + 1..];
        }
        s.push_str(rest);
        for (k, v) in vars.iter() {
            if s.contains(k) {
                s = s.replace(k, v);
            }
        }
        s
    };
    let title = fill(TITLES[r.index(TITLES.len())], &mut r);
    let n = r.range(5, 10) as usize;
    let mut body = Vec::with_capacity(n);
    let mut used = Vec::new();
    while body.len() < n {
        let j = r.index(SENTENCES.len());
        if used.contains(&j) {
            continue;
        }
        used.push(j);
        body.push(fill(SENTENCES[j], &mut r));
    }
    let dateline =
        format!("{}, {}, {} {d}, {y} ({agency}) - ", town.to_uppercase(), t.country, MONTHS[m as usize - 1]);
    let text = format!("{title}\n\n{dateline}{}\n\n{}", body[0], body[1..].join("\n\n"));
    SynthArticle { id: format!("synth-{i}"), title, published: format!("{y:04}-{m:02}-{d:02}"), text }
}

pub(crate) fn days_from(y: i64, m: u32, d: u32) -> i64 {
    eventwire_fuse::dates::days_from_civil(y, m, d)
}

/// Write `n` articles of corpus `seed` as JSON Lines (`id`, `title`, `published`, `text`)
/// to `out`, one at a time (constant memory).
pub fn write_jsonl(seed: u64, n: u64, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    for i in 0..n {
        let a = article(seed, i);
        let line =
            serde_json::json!({"id": a.id, "title": a.title, "published": a.published, "text": a.text});
        writeln!(out, "{line}")?;
    }
    out.flush()
}

#[cfg(test)]
mod tests {
    use super::*;
    use eventwire_fuse::dedup::Signature;

    #[test]
    fn deterministic_and_varied() {
        assert_eq!(article(7, 3), article(7, 3));
        assert_ne!(article(7, 3).text, article(7, 4).text);
        assert_ne!(article(7, 3).text, article(8, 3).text);
        let a = article(1, 0);
        assert!(a.text.starts_with(&a.title));
        assert!(!a.text.contains('{'), "unfilled slot: {}", a.text);
        assert_eq!(a.published.len(), 10);
    }

    #[test]
    fn rewrites_are_near_duplicates_and_others_are_not() {
        let arts: Vec<SynthArticle> = (0..400).map(|i| article(42, i)).collect();
        let rewrites: Vec<&SynthArticle> = arts.iter().filter(|a| a.title.ends_with(" - report")).collect();
        assert!(rewrites.len() >= 5, "{}", rewrites.len());
        let sigs: Vec<Signature> = arts.iter().map(|a| Signature::of_text(&a.text)).collect();
        let mut false_pairs = 0;
        for i in 0..200 {
            for j in i + 1..200 {
                let copy = arts[i].title.ends_with(" - report") || arts[j].title.ends_with(" - report");
                if !copy && eventwire_fuse::dedup::is_near_duplicate(&sigs[i], &sigs[j]) {
                    false_pairs += 1;
                }
            }
        }
        // 19,900 pairs: template-built articles may rarely collide, real ones should not.
        assert!(false_pairs <= 2, "{false_pairs} independent pairs look like copies");
        for (i, a) in arts.iter().enumerate().filter(|(_, a)| a.title.ends_with(" - report")) {
            let found = (0..i).any(|j| eventwire_fuse::dedup::is_near_duplicate(&sigs[i], &sigs[j]));
            assert!(found, "rewrite {} not linked to an earlier article", a.id);
        }
    }

    #[test]
    fn jsonl_lines_parse() {
        let mut buf = Vec::new();
        write_jsonl(3, 5, &mut buf).unwrap();
        let lines: Vec<serde_json::Value> =
            String::from_utf8(buf).unwrap().lines().map(|l| serde_json::from_str(l).unwrap()).collect();
        assert_eq!(lines.len(), 5);
        assert_eq!(lines[2]["id"], "synth-2");
    }
}
