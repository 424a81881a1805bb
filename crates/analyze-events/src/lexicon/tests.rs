//! Tests of the actor lexicon.

use super::scan::dfa_matches;
use super::*;
use crate::data::Knowledge;
use aho_corasick::dfa::DFA;
use aho_corasick::MatchKind;

#[test]
fn dfa_scan_equals_aho_corasick_find_iter() {
    use aho_corasick::{AhoCorasick, AhoCorasickKind};
    // Overlapping, nested, spaced and hyphenated patterns, in both cases.
    let pats = [
        "al qaeda",
        "qaeda",
        "al-qaeda",
        "isis",
        "is",
        "islamic state",
        "state",
        "state forces",
        "US",
        "u.s.",
        "syrian democratic forces",
        "democratic",
        "sdf",
        "kurd",
        "kurdish",
    ];
    let ac = AhoCorasick::builder()
        .ascii_case_insensitive(true)
        .match_kind(MatchKind::LeftmostLongest)
        .kind(Some(AhoCorasickKind::DFA))
        .build(pats)
        .unwrap();
    let dfa = DFA::builder()
        .ascii_case_insensitive(true)
        .match_kind(MatchKind::LeftmostLongest)
        .prefilter(false)
        .build(pats)
        .unwrap();
    let mut texts = vec![
        String::new(),
        "the crisis in xal qaeda and anti-Islamic State coalition, state forces".into(),
        "Kurdish SDF (Syrian Democratic Forces) said US and u.s. troops; ISIS-held".into(),
        include_str!("../../benches/article.txt").into(),
    ];
    // Every string of up to 4 tokens over a small alphabet that crosses pattern edges.
    let parts = ["al", " ", "qaeda", "-", "state", "is", "is ", "x", "forces", "S"];
    let mut cur = vec![String::new()];
    for _ in 0..4 {
        cur = cur.iter().flat_map(|c| parts.iter().map(move |p| format!("{c}{p}"))).collect();
        texts.extend(cur.iter().cloned());
    }
    for t in &texts {
        let want: Vec<(usize, usize, usize)> =
            ac.find_iter(t.as_str()).map(|m| (m.pattern().as_usize(), m.start(), m.end())).collect();
        let got: Vec<(usize, usize, usize)> = dfa_matches(&dfa, t.as_bytes()).collect();
        assert_eq!(got, want, "{t:?}");
    }
}

fn lex() -> Lexicon {
    Lexicon::build(&Knowledge::load(None).unwrap().actors).unwrap()
}

fn names(lex: &Lexicon, text: &str, country: Option<&str>) -> Vec<(String, String)> {
    let country_at = |_| country;
    let agent = |w: &str| matches!(w, "captured" | "said" | "launched");
    let ctx = TagContext { country_at: &country_at, is_agent_verb: &agent };
    lex.tag(text, &ctx)
        .into_iter()
        .map(|m| (text[m.start..m.end].to_string(), lex.actors[m.actor].name.clone()))
        .collect()
}

#[test]
fn demonym_forces_become_state_forces() {
    let l = lex();
    let got = names(&l, "Turkish warplanes hit villages as Iraqi government forces advanced.", None);
    assert_eq!(got[0], ("Turkish warplanes".into(), "Military Forces of Turkey".into()));
    assert_eq!(got[1], ("Iraqi government forces".into(), "Military Forces of Iraq".into()));
}

#[test]
fn sponsor_demonyms_are_not_actors() {
    let l = lex();
    let got = names(&l, "US-backed fighters and Russian-led units moved in.", None);
    assert!(got.iter().all(|(_, n)| !n.contains("United States") && !n.contains("Russia")), "{got:?}");
}

#[test]
fn acronyms_are_case_sensitive() {
    let l = lex();
    let got = names(&l, "It is what IS wants, the SDF said.", None);
    let actors: Vec<_> = got.iter().map(|(_, n)| n.as_str()).collect();
    assert_eq!(actors, ["Islamic State", "Syrian Democratic Forces"]);
}

#[test]
fn definite_descriptions_resolve_to_the_last_compatible_actor() {
    let l = lex();
    let got =
        names(&l, "Al-Shabaab fighters attacked a base. The group later withdrew; the militants fled.", None);
    assert_eq!(got.last().unwrap().1, "Al Shabaab");
    assert!(got.iter().filter(|(t, _)| t.to_lowercase().starts_with("the")).count() >= 2, "{got:?}");
}

#[test]
fn bare_militants_without_antecedent_are_unidentified() {
    let l = lex();
    let got = names(&l, "Gunmen killed three farmers. Militants later attacked a checkpoint.", None);
    assert_eq!(got[0].1, "Unidentified Armed Group");
    assert!(got.iter().any(|(t, n)| t == "Militants" && n == "Unidentified Armed Group"));
}

#[test]
fn kurdish_forces_depend_on_the_country() {
    let l = lex();
    assert_eq!(names(&l, "Kurdish forces entered the town.", Some("IQ"))[0].1, "Peshmerga");
    assert_eq!(names(&l, "Kurdish forces entered the town.", Some("SY"))[0].1, "People's Protection Units");
}

#[test]
fn unqualified_forces_take_the_context_country() {
    let l = lex();
    assert_eq!(names(&l, "Government forces shelled the area.", Some("SY"))[0].1, "Military Forces of Syria");
    assert_eq!(names(&l, "police opened fire", None)[0].1, "Police Forces (unidentified country)");
}

#[test]
fn country_names_are_agents_only_before_a_verb() {
    let l = lex();
    assert_eq!(names(&l, "Iraq captured the town.", None)[0].1, "Military Forces of Iraq");
    assert!(names(&l, "Fighting in Iraq continued.", None).is_empty());
}
