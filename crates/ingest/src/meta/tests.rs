use super::*;

fn k() -> Knowledge {
    Knowledge::load(None).unwrap()
}

fn at<'a>(text: &'a str, f: &Field) -> &'a str {
    &text[f.start.unwrap()..f.end.unwrap()]
}

#[test]
fn header_line_with_headline_keeps_both_readings() {
    let text = " date 2015-04-09 Militants shell border town as army pushes north\n\n(AFP) Army units advanced on Monday toward the town, officials said.\n";
    let m = extract(text, &Hints::default(), &k());
    assert_eq!(m.title.as_ref().unwrap().value, "Militants shell border town as army pushes north");
    assert_eq!(at(text, m.title.as_ref().unwrap()), m.title.as_ref().unwrap().value);
    let c = &m.date_candidates[0];
    assert_eq!(c.source, DateSource::Header);
    assert_eq!(c.text, "2015-04-09");
    let r: Vec<_> = c.readings.iter().map(|r| (r.value.as_str(), r.order.as_str())).collect();
    assert_eq!(r, [("2015-04-09", "ymd"), ("2015-09-04", "ydm")]);
    assert_eq!(m.agency.as_ref().unwrap().value, "AFP");
    assert_eq!(m.dateline.as_ref().unwrap().value, "(AFP)");
    // Ambiguous header: no preliminary date.
    assert_eq!(m.published, None);
    assert_eq!(m.published_basis, PublishedBasis::Unknown);
    assert_eq!(m.lang.as_deref(), Some("en"));
}

#[test]
fn a_structured_date_is_not_taken_for_the_page_date_above_the_title() {
    let text =
        "3 March 2020\n\nRebels lose ground near the coast\n\nGovernment troops pushed into the district.\n";
    let hints = Hints { dates: vec![("2019-05-22".into(), DateSource::Field)], ..Hints::default() };
    let m = extract(text, &hints, &k());
    let srcs: Vec<_> = m.date_candidates.iter().map(|c| (c.source, c.readings[0].value.as_str())).collect();
    assert_eq!(srcs, [(DateSource::Field, "2019-05-22"), (DateSource::Page, "2020-03-03")]);
    assert_eq!(m.published.as_deref(), Some("2019-05-22"));
    assert_eq!(m.published_basis, PublishedBasis::Field);
}

#[test]
fn page_date_above_title_and_byline_date() {
    let text = "Tuesday, 3 March, 2020\n\nRebels lose ground near the coast\n\nSara Lind | 14 May, 2018, 17:45\n\nGovernment troops pushed into the district on Sunday.\n";
    let m = extract(text, &Hints::default(), &k());
    assert_eq!(m.title.as_ref().unwrap().value, "Rebels lose ground near the coast");
    assert_eq!(m.byline.as_ref().unwrap().value, "Sara Lind");
    let srcs: Vec<_> = m.date_candidates.iter().map(|c| (c.source, c.readings[0].value.as_str())).collect();
    assert_eq!(srcs, [(DateSource::Page, "2020-03-03"), (DateSource::Byline, "2018-05-14")]);
    assert_eq!(m.date_candidates[1].time.as_deref(), Some("17:45"));
    assert_eq!(m.published.as_deref(), Some("2018-05-14"));
    assert_eq!(m.published_basis, PublishedBasis::Byline);
}

#[test]
fn datelines_of_several_styles() {
    let kn = k();
    let cases = [
        ("KIRKUK/TUZ KHURMATU, Iraq: Clashes erupted overnight.", "KIRKUK/TUZ KHURMATU, Iraq", None),
        ("DEIR EZZOR (Kurdistan 24) - Fighters advanced.", "DEIR EZZOR (Kurdistan 24)", Some("Kurdistan 24")),
        ("TIKRIT, Iraq, Nov 7 (Reuters) - Troops entered.", "TIKRIT, Iraq, Nov 7 (Reuters)", Some("Reuters")),
        ("Aleppo (AFP) - Shelling resumed.", "Aleppo (AFP)", Some("AFP")),
        ("KABUL, Afghanistan — A bomb exploded.", "KABUL, Afghanistan", None),
        ("Mosul, Iraq — Troops entered the old city.", "Mosul, Iraq", None),
        ("DAMASCUS, March 5 (Xinhua) -- Shells fell.", "DAMASCUS, March 5 (Xinhua)", Some("Xinhua")),
    ];
    for (para, dl, agency) in cases {
        let text = format!("Some headline here\n\n{para}\n");
        let m = extract(&text, &Hints::default(), &kn);
        assert_eq!(m.dateline.as_ref().map(|d| d.value.as_str()), Some(dl), "{para}");
        assert_eq!(at(&text, m.dateline.as_ref().unwrap()), dl);
        assert_eq!(m.agency.as_ref().map(|a| a.value.as_str()), agency, "{para}");
    }
    let m = extract("Headline\n\nTIKRIT, Iraq, Nov 7 (Reuters) - Troops entered.", &Hints::default(), &kn);
    assert_eq!(m.date_candidates[0].source, DateSource::Dateline);
    assert_eq!(m.date_candidates[0].readings[0].value, "XXXX-11-07");
    assert_eq!(m.published, None);
}

#[test]
fn not_datelines() {
    let kn = k();
    for para in [
        "UPDATE: Figures revised.",
        "ISIS fighters - at least 40 - were seen.",
        "UN: aid is blocked.",
        "However, Turkey - a NATO member - objected.",
        "BAGHDAD-based officials said so.",
    ] {
        let text = format!("Headline\n\n{para}\n");
        assert!(extract(&text, &Hints::default(), &kn).dateline.is_none(), "{para}");
    }
}

#[test]
fn byline_shapes() {
    let kn = k();
    let cases = [
        ("By Ahmed Rasheed and Maher Chmaytelli", "Ahmed Rasheed and Maher Chmaytelli", None, None),
        ("Maher Chmaytelli, Reuters", "Maher Chmaytelli", None, Some("Reuters")),
        ("7 November 2016 | Sara Lind", "Sara Lind", Some("2016-11-07"), None),
        ("Sara Lind | Nov 7, 2016 10:14 AM", "Sara Lind", Some("2016-11-07"), None),
    ];
    for (line, name, date, agency) in cases {
        let text = format!("Headline of the story\n{line}\n\nBody text here.");
        let m = extract(&text, &Hints::default(), &kn);
        assert_eq!(m.byline.as_ref().map(|b| b.value.as_str()), Some(name), "{line}");
        assert_eq!(at(&text, m.byline.as_ref().unwrap()), name);
        let bd = m.date_candidates.iter().find(|c| c.source == DateSource::Byline);
        assert_eq!(bd.map(|c| c.readings[0].value.as_str()), date, "{line}");
        assert_eq!(m.agency.as_ref().map(|a| a.value.as_str()), agency, "{line}");
    }
    // Two capitalised words followed by a comma are not a byline on their own.
    let m = extract("Headline\nGovernment forces, backed by jets\n\nBody.", &Hints::default(), &kn);
    assert!(m.byline.is_none());
    let m = extract("Headline\n\nBody.\n\nSource: Al Jazeera and news agencies", &Hints::default(), &kn);
    assert_eq!(m.agency.unwrap().value, "Al Jazeera");
}

#[test]
fn signoff_and_copyright() {
    let kn = k();
    let text = "Headline\n\nFighting went on.\nThe army said so. — Reuters";
    assert_eq!(extract(text, &Hints::default(), &kn).agency.unwrap().value, "Reuters");
    let text = "Headline\n\nFighting went on.\n\nCopyright (c) 2011. RFE/RL, Inc. Reprinted with permission.";
    let m = extract(text, &Hints::default(), &kn);
    assert_eq!(m.agency.unwrap().value, "RFE/RL");
    assert_eq!(m.outlet.unwrap().value, "RFE/RL");
    let c = m.date_candidates.last().unwrap();
    assert_eq!((c.source, c.text.as_str()), (DateSource::Copyright, "2011"));
    assert_eq!(m.published, None);
    let m = extract("Headline\n\nText.\n\n© AFP 2018", &Hints::default(), &kn);
    assert_eq!(m.date_candidates[0].text, "2018");
    assert_eq!(m.agency.unwrap().value, "AFP");
    let m = extract("Headline\n\nText.\n\nReuters contributed to this report.", &Hints::default(), &kn);
    assert_eq!(m.agency.unwrap().value, "Reuters");
    let m = extract("Headline\nBy Reuters Staff\n\nText.", &Hints::default(), &kn);
    assert_eq!(m.agency.unwrap().value, "Reuters");
}

#[test]
fn the_body_credits_its_own_agency() {
    let kn = k();
    let text = "Headline\n\nShelling went on overnight, a resident told AFP by telephone.";
    let m = extract(text, &Hints::default(), &kn);
    let a = m.agency.unwrap();
    assert_eq!(a.value, "AFP");
    assert_eq!(at(text, &a), "AFP", "the evidence is the name in the body");
    let text = "Headline\n\nThe commander told the Associated Press that the town had fallen.";
    assert_eq!(extract(text, &Hints::default(), &kn).agency.unwrap().value, "AP");
    let text = "Headline\n\nAn AFP correspondent saw smoke over the town.";
    assert_eq!(extract(text, &Hints::default(), &kn).agency.unwrap().value, "AFP");
    // Merely citing another agency's report is no credit; a dateline agency wins anyway.
    let text = "Headline\n\nReuters reported the strike on Monday.";
    assert_eq!(extract(text, &Hints::default(), &kn).agency, None);
    let text = "BEIRUT (Reuters) - Fighting went on, a resident told AFP.";
    assert_eq!(extract(text, &Hints::default(), &kn).agency.unwrap().value, "Reuters");
}

#[test]
fn structured_hints_win_and_field_date_is_published() {
    let hints = Hints {
        title: Some("Ceasefire collapses".into()),
        outlet: Some("Levant Ledger".into()),
        url: Some("https://example.org/2019/05/02/ceasefire".into()),
        dates: vec![
            ("2019-05-02T08:00:00Z".into(), DateSource::Field),
            ("2019-05-09".into(), DateSource::Field),
        ],
        ..Default::default()
    };
    let text = "Ceasefire collapses\n\nShelling resumed on Thursday.";
    let m = extract(text, &hints, &k());
    assert_eq!(m.title.as_ref().unwrap().span(), Some(Span::new(0, 19)));
    assert_eq!(m.outlet.unwrap(), Field::structured("Levant Ledger"));
    assert_eq!(m.published.as_deref(), Some("2019-05-02"));
    assert_eq!(m.published_basis, PublishedBasis::Field);
    assert!(m.date_candidates.iter().any(|c| c.source == DateSource::Url));
}

#[test]
fn leading_dates_before_run_together_headlines() {
    let kn = k();
    let text = "Sat 24 Aug 2013 Blast hits checkpoint in Homs. A car bomb exploded on Saturday at a checkpoint in the city, killing nine people, state media said, and wounding dozens more near the market.";
    let m = extract(text, &Hints::default(), &kn);
    assert_eq!(m.title.as_ref().unwrap().value, "Blast hits checkpoint in Homs");
    assert_eq!(at(text, m.title.as_ref().unwrap()), "Blast hits checkpoint in Homs");
    assert_eq!(m.date_candidates[0].text, "Sat 24 Aug 2013");
    assert_eq!(m.published.as_deref(), Some("2013-08-24"));
    let m = extract(
        "Wed 05 Apr 2017 Gas attack toll rises WHO. Victims showed symptoms.",
        &Hints::default(),
        &kn,
    );
    assert_eq!(m.title.unwrap().value, "Gas attack toll rises WHO");
    let m =
        extract("Wed 05 Apr 2017 Troops from the U.S. Army arrived. They stayed.", &Hints::default(), &kn);
    assert_eq!(m.title.unwrap().value, "Troops from the U.S. Army arrived");
    let m3 = extract(
        "Date of publication 14 March 2018 Some 17 fighters were killed in the raid. More.",
        &Hints::default(),
        &kn,
    );
    assert!(m3.title.is_none());
    let lead = "Tue 13 Mar 2018 A car bomb tore through a crowded checkpoint north of the city on Tuesday, leaving nine dead, police sources said. More text follows here.";
    assert!(extract(lead, &Hints::default(), &kn).title.is_none());
    let m = extract("Date of publication 14 March 2018 Rebels killed", &Hints::default(), &kn);
    assert_eq!(m.date_candidates[0].text, "14 March 2018");
    let m = extract("Published April 5 2017 Jets strike villages near Hama", &Hints::default(), &kn);
    assert_eq!(m.date_candidates[0].readings[0].value, "2017-04-05");
    assert_eq!(m.title.unwrap().value, "Jets strike villages near Hama");
    // A yearless date opening a sentence is not a header.
    let m = extract("June 30 was the deadliest day, officials said.", &Hints::default(), &kn);
    assert!(m.date_candidates.is_empty());
}

#[test]
fn long_first_paragraph_is_not_a_title() {
    let body = "word ".repeat(80);
    let m = extract(&format!("{body}\n\nMore."), &Hints::default(), &k());
    assert!(m.title.is_none());
    // A one-line text has no headline.
    assert!(extract("Russian strikes killed ten civilians on Tuesday.", &Hints::default(), &k())
        .title
        .is_none());
}

#[test]
fn lang_detection() {
    let kn = k();
    assert_eq!(
        detect_lang("Les forces de la coalition ont repris la ville dans le nord du pays.", &kn).as_deref(),
        Some("fr")
    );
    assert_eq!(detect_lang("Mosul Raqqa", &kn), None);
}

#[test]
fn signoff_found_wherever_the_pattern_allows_it() {
    let name41 = format!("A{}", "b".repeat(40));
    let cases = [
        ("The army said so. — Reuters".to_string(), Some("Reuters")),
        ("The army said so. —        (Reuters)  .".to_string(), Some("Reuters")),
        ("The army said so. — Reuters.  ".to_string(), Some("Reuters.")),
        ("The army said so --   \t (AFP news ) .".to_string(), Some("AFP news ")),
        (format!("Said so. - {name41}"), Some(name41.as_str())),
        (format!("Said so. - {name41}b"), None),
        (
            "A long line with a well-known hyphen early and no sign-off at its very end at all".to_string(),
            None,
        ),
        ("Opened at dawn - Reuters".to_string(), Some("Reuters")),
        ("-- AFP".to_string(), Some("AFP")),
        ("Opened at dawn --(AFP)".to_string(), Some("AFP")),
        ("Said the pro-government outlet".to_string(), None),
        ("Said so - 2017".to_string(), None),
    ];
    for (line, want) in &cases {
        assert_eq!(signoff(line).map(|m| m.as_str()), *want, "{line:?}");
    }
}
