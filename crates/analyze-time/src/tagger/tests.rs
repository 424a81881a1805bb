//! The grammar on sentences of news style, with and without a DCT.

use super::*;

fn run(text: &str, dct: Option<&str>) -> Vec<(String, TimexType, String, Option<String>)> {
    let lex = Lexicon::load(None).unwrap();
    tag(&lex, text, dct.and_then(Date::parse))
        .into_iter()
        .map(|m| {
            assert_eq!(&text[m.start..m.end], m.text, "span and text agree");
            (m.text, m.timex_type, m.value, m.r#mod)
        })
        .collect()
}

fn values(text: &str, dct: Option<&str>) -> Vec<(String, String)> {
    run(text, dct).into_iter().map(|(t, _, v, _)| (t, v)).collect()
}

fn pairs(p: &[(&str, &str)]) -> Vec<(String, String)> {
    p.iter().map(|(a, b)| (a.to_string(), b.to_string())).collect()
}

#[test]
fn absolute_dates_in_news_formats() {
    let got = values(
        "Talks opened on June 30, ended 30 June 2017, resumed 2017-07-03 and Oct. 17, \
         then on 29 June, 2017 and in July 1997.",
        Some("2017-07-05"),
    );
    let want = [
        ("June 30", "2017-06-30"),
        ("30 June 2017", "2017-06-30"),
        ("2017-07-03", "2017-07-03"),
        ("Oct. 17", "2016-10-17"),
        ("29 June, 2017", "2017-06-29"),
        ("July 1997", "1997-07"),
    ];
    assert_eq!(got, pairs(&want));
}

#[test]
fn relative_dates_resolve_against_the_dct() {
    // 2013-03-20 is a Wednesday in ISO week 12.
    let got = values(
        "On Sunday rebels attacked; by Monday evening they had left. Last week the army \
         moved in, three years ago it left, and fighting flared in late January and mid-2014.",
        Some("2013-03-20"),
    );
    let want = [
        ("Sunday", "2013-03-17"),
        ("Monday evening", "2013-03-18TEV"),
        ("Last week", "2013-W11"),
        ("three years ago", "2010"),
        ("late January", "2013-01"),
        ("mid-2014", "2014"),
    ];
    assert_eq!(got, pairs(&want));
    let m = run("in late January", Some("2013-03-20"));
    assert_eq!(m[0].3.as_deref(), Some("END"));
}

#[test]
fn a_future_clause_looks_ahead() {
    assert_eq!(
        values("The talks will resume on Monday.", Some("2013-03-20")),
        pairs(&[("Monday", "2013-03-25")])
    );
    assert_eq!(
        values("The talks resumed on Monday.", Some("2013-03-20")),
        pairs(&[("Monday", "2013-03-18")])
    );
}

#[test]
fn durations_and_vague_references() {
    let got = run(
        "After a six-week siege and nine months of talks, lasting more than two years, \
         fighting has raged in the last two days. Officials now say it may end in the future.",
        Some("2016-12-05"),
    );
    let v: Vec<(&str, TimexType, &str)> =
        got.iter().map(|(t, ty, v, _)| (t.as_str(), *ty, v.as_str())).collect();
    assert_eq!(
        v,
        [
            ("six-week", TimexType::Duration, "P6W"),
            ("nine months", TimexType::Duration, "P9M"),
            ("more than two years", TimexType::Duration, "P2Y"),
            ("the last two days", TimexType::Duration, "P2D"),
            ("now", TimexType::Date, "PRESENT_REF"),
            ("the future", TimexType::Date, "FUTURE_REF"),
        ]
    );
    assert_eq!(got[2].3.as_deref(), Some("MORE_THAN"));
}

#[test]
fn a_day_month_swapped_header_date_matches_the_dct() {
    assert_eq!(
        values("date 2016-07-11 Troops advance", Some("2016-11-07")),
        pairs(&[("2016-07-11", "2016-11-07")])
    );
    assert_eq!(
        values("date 2016-07-11 Troops advance", Some("2016-07-11")),
        pairs(&[("2016-07-11", "2016-07-11")])
    );
}

#[test]
fn without_a_dct_the_year_stays_unknown() {
    let got = values("The assault began on April 9 and resumed on Sunday.", None);
    assert_eq!(got, pairs(&[("April 9", "XXXX-04-09"), ("Sunday", "XXXX-WXX-7")]));
}

#[test]
fn quarters_sets_clock_times_and_holidays() {
    let got = values(
        "Profit rose in the third quarter from a year earlier. Trains run daily, the strike is \
         at 10:35 a.m. Friday. Gunmen attacked Friday. Traffic stopped at Christmas.",
        Some("1989-10-26"),
    );
    let want = [
        ("the third quarter", "1989-Q3"),
        ("a year earlier", "1988-Q3"),
        ("daily", "P1D"),
        // Tomorrow's weekday without a tense cue is tomorrow; after a past verb, last week's.
        ("10:35 a.m. Friday", "1989-10-27T10:35"),
        ("Friday", "1989-10-20"),
        ("Christmas", "1988-12-25"),
    ];
    assert_eq!(got, pairs(&want));
}

/// Every token left out of the starts parses to nothing, with or without a DCT.
fn assert_left_out_match_nothing(lex: &Lexicon, text: &str) -> usize {
    let p = Prep::new(lex, text);
    let mut left_out = 0;
    for dct in [None, Date::parse("2016-11-07"), Date::parse("2016-07-11")] {
        let cx = p.ctx(dct);
        for i in (0..p.toks.len()).filter(|i| !p.starts.contains(i)) {
            left_out += usize::from(p.flags[i] & u64::from(fl::START) != 0);
            assert!(cx.parse_at(i).is_none(), "{:?}", &text[p.toks[i].start..]);
        }
    }
    left_out
}

#[test]
fn tokens_left_out_of_the_starts_match_nothing() {
    let lex = Lexicon::load(None).unwrap();
    let text = "About 40 militants and 2,000 troops, a 10-year-old, 5 1/2 more years, 10 a.m., 7 pm, \
                a couple of more weeks, an hour, a two hundred and fifty year siege, 30 of June, 1990, \
                a few people said 12 were held for a long time, at 5 o'clock, 3 of them. At least 12 \
                were killed, the operation, the last fighter, that food, nearly 1,200 civilians, \
                more than 20,000 people, two soldiers, late on Saturday, later found, the next phase, \
                within days, many of them, under fire, 2016-07-11 and 11/07/16 and 1,2,2016, 10:35, \
                the 30th of June, the spring, that year, the same year, the following Friday, last \
                Monday, every week, each July, Tuesdays, the third quarter, next year's second half, \
                year-earlier, the latest quarter, the 1990 quarter, nineteen ninety-six, the year two \
                thousand, the nineties, the 20th century, the nineteenth century, '98, the '80s, early \
                last week, mid-2014, the end of the year, at least three years ago, no more than six \
                months, an estimated 3,000, a year and a half, for years, weeks later, noon Thursday, \
                1,000,000,000 years, a quarter of the people, at present, the coming weeks, fiscal 1989.";
    assert!(assert_left_out_match_nothing(&lex, text) >= 30);
    let got = values(text, Some("2016-11-07"));
    for want in ["5 1/2 more years", "a two hundred and fifty year", "1,000,000,000 years", "the spring"] {
        assert!(got.iter().any(|(t, _)| t == want), "{want}: {got:?}");
    }
}

/// The test above over whole articles: the repository's examples, the sample articles of
/// `../shared` when present, and every file of `$EW_TIME_STARTS_DIR` when set.
#[test]
fn tokens_left_out_of_the_starts_match_nothing_in_a_corpus() {
    let lex = Lexicon::load(None).unwrap();
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let mut dirs = vec![root.join("examples/articles")];
    let seeds = root.join("../shared/examples/seeds");
    if seeds.is_dir() {
        dirs.push(seeds);
    } else {
        eprintln!(
            "skipped: tokens_left_out_of_the_starts_match_nothing_in_a_corpus: no {} (the sample \
             articles); the repository's examples are still checked",
            seeds.display()
        );
    }
    dirs.extend(std::env::var_os("EW_TIME_STARTS_DIR").map(std::path::PathBuf::from));
    let mut files = 0;
    for dir in dirs {
        for e in std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
            let path = e.unwrap().path();
            let Ok(text) = std::fs::read_to_string(&path) else { continue };
            assert_left_out_match_nothing(&lex, &text);
            files += 1;
        }
    }
    assert!(files >= 3, "the repository's examples are read");
}

#[test]
fn ages_numbers_and_verbs_are_not_times() {
    assert!(run("A 10-year-old boy and 2,000 troops may march on May Day.", Some("2016-01-01"))
        .iter()
        .all(|(t, _, _, _)| t != "10-year" && t != "2,000" && t != "may" && t != "march"));
    assert!(run("Police said 1999 people were arrested.", Some("2016-01-01")).is_empty());
}

#[test]
fn roles_place_words_around_expressions() {
    let got = run(
        "Since March the convoy ran three times a day, thus a week passed; over Christmas and over two \
         years, in the past three weeks, several days of a year-long truce, every Monday, 10 a.m. GMT.",
        Some("2016-11-07"),
    );
    let got: Vec<(&str, TimexType, &str, Option<&str>)> =
        got.iter().map(|(t, ty, v, m)| (t.as_str(), *ty, v.as_str(), m.as_deref())).collect();
    use TimexType::{Date as D, Duration as P, Set as S, Time as T};
    assert_eq!(
        got,
        [
            ("March", D, "2016-03", None),
            ("a day", S, "P1D", None),
            ("a week", P, "P1W", None),
            ("Christmas", D, "2016-12-25", None),
            ("over two years", P, "P2Y", Some("MORE_THAN")),
            ("the past three weeks", P, "P3W", None),
            ("several days", P, "PXD", None),
            ("every Monday", S, "XXXX-WXX-1", None),
            ("10 a.m. GMT", T, "2016-11-07T10:00", None),
        ]
    );
}

#[test]
fn roles_from_a_data_dir_extend_the_grammar() {
    let dir = std::env::temp_dir().join(format!("ew-time-roles-{}", std::process::id()));
    std::fs::create_dir_all(dir.join("time")).unwrap();
    std::fs::write(dir.join("time/roles.tsv"), "WIB\ttime-zone\nanno\tyear-before\n").unwrap();
    let text = "Talks resumed at 10 a.m. WIB, a pact signed anno 1990 ended.";
    let spans = |lex: &Lexicon| -> Vec<String> {
        tag(lex, text, Date::parse("2016-11-07")).into_iter().map(|m| m.text).collect()
    };
    assert_eq!(spans(&Lexicon::load(None).unwrap()), ["10 a.m."]);
    assert_eq!(spans(&Lexicon::load(Some(&dir)).unwrap()), ["10 a.m. WIB", "1990"]);
    std::fs::remove_dir_all(&dir).ok();
}
