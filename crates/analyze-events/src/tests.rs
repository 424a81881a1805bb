//! Unit tests of the coder on short wire-style sentences of our own.

use crate::{Coded, Coder, CodingInput};
use eventwire_model::{
    ActorKind, FigureCategory, GeoPrecision, Modality, PlaceMention, Span, TimeMention, TimexType,
};
use std::sync::OnceLock;

fn coder() -> &'static Coder {
    static C: OnceLock<Coder> = OnceLock::new();
    C.get_or_init(|| Coder::load(None).expect("default data loads"))
}

/// A place mention for every listed name found in `text` (country code given per name).
fn places(text: &str, names: &[(&str, &str)]) -> Vec<PlaceMention> {
    let mut out = Vec::new();
    for (name, cc) in names {
        let mut from = 0;
        while let Some(i) = text[from..].find(name) {
            let s = from + i;
            out.push(PlaceMention {
                text: name.to_string(),
                start: s,
                end: s + name.len(),
                name: name.to_string(),
                geonames_id: None,
                lat: None,
                lon: None,
                country_code: Some(cc.to_string()),
                country: None,
                admin1: None,
                kind: "town".into(),
                precision: GeoPrecision::Exact,
                relative_to: None,
                confidence: 1.0,
            });
            from = s + name.len();
        }
    }
    out.sort_by_key(|p| p.start);
    out
}

fn times(text: &str, items: &[(&str, &str)]) -> Vec<TimeMention> {
    items
        .iter()
        .filter_map(|(t, v)| {
            let s = text.find(t)?;
            Some(TimeMention {
                text: t.to_string(),
                start: s,
                end: s + t.len(),
                timex_type: TimexType::Date,
                value: v.to_string(),
                r#mod: None,
            })
        })
        .collect()
}

fn code_with(text: &str, pl: &[(&str, &str)], tm: &[(&str, &str)]) -> Coded {
    let seg = eventwire_text::segment(text);
    let p = places(text, pl);
    let t = times(text, tm);
    coder().code(&CodingInput {
        doc_id: "t",
        text,
        seg: &seg,
        title: None,
        places: &p,
        times: &t,
        published: Some("2020-03-02"),
    })
}

fn code(text: &str, pl: &[(&str, &str)]) -> Coded {
    code_with(text, pl, &[])
}

#[test]
fn empty_input_codes_nothing() {
    assert_eq!(code("", &[]), Coded::default());
}

#[test]
fn government_retakes_a_town() {
    let c =
        code("Syrian troops recaptured the town of Kafr Nabl from rebels on Monday.", &[("Kafr Nabl", "SY")]);
    let e = &c.events[0];
    assert_eq!(e.acled_sub_event_type, "Government regains territory");
    assert_eq!(e.actor1.as_deref(), Some("Military Forces of Syria"));
    assert_eq!(e.actor2.as_deref(), Some("Opposition Rebels"));
    assert_eq!(e.place.as_ref().unwrap().name, "Kafr Nabl");
    assert_eq!(e.modality, Modality::Asserted);
}

#[test]
fn non_state_actor_overtakes_territory() {
    let c = code(
        "Al-Shabaab fighters seized the town of Bulo Burde after heavy fighting with government troops.",
        &[("Bulo Burde", "SO")],
    );
    let e = &c.events[0];
    assert_eq!(e.acled_sub_event_type, "Non-state actor overtakes territory");
    assert_eq!(e.actor1.as_deref(), Some("Al Shabaab"));
    // Taken after the other side withdrew, without a fight: ACLED's non-violent transfer.
    let c = code(
        "Al-Shabaab fighters seized the town of Bulo Burde after government troops withdrew.",
        &[("Bulo Burde", "SO")],
    );
    let e = &c.events[0];
    assert_eq!(e.acled_sub_event_type, "Non-violent transfer of territory");
    assert_eq!(e.actor1.as_deref(), Some("Al Shabaab"));
}

#[test]
fn future_events_are_not_coded() {
    for s in [
        "Ukrainian forces will retake the village of Robotyne next week.",
        "The army plans to recapture Robotyne before winter.",
        "Commanders said troops are expected to storm Robotyne soon.",
        "The battle to retake Robotyne could last months.",
    ] {
        let c = code(s, &[("Robotyne", "UA")]);
        assert!(c.events.is_empty(), "{s}: {:?}", c.events);
    }
}

#[test]
fn negated_and_denied_events_are_not_coded() {
    for s in [
        "The army denied shelling the village of Tal Abyad.",
        "Government forces have not retaken any district of Tal Abyad.",
        "No one was killed in Tal Abyad, officials said.",
    ] {
        let c = code(s, &[("Tal Abyad", "SY")]);
        assert!(c.events.is_empty(), "{s}: {:?}", c.events);
    }
}

#[test]
fn hypothetical_events_are_not_coded() {
    for s in [
        "If rebels capture Tal Abyad, the road to Raqqa would be cut.",
        "The fall of Tal Abyad would end the siege.",
        "Militants might attack Tal Abyad, a commander warned.",
    ] {
        let c = code(s, &[("Tal Abyad", "SY"), ("Raqqa", "SY")]);
        assert!(c.events.is_empty(), "{s}: {:?}", c.events);
    }
}

#[test]
fn attempt_with_outcome_is_one_armed_clash() {
    let text = "Boko Haram fighters attacked Monguno on Friday. On Saturday, three militants tried to attack an army base near Monguno. Military sources said the attackers were shot dead at the gate.";
    let c = code(text, &[("Monguno", "NG")]);
    let attempt = c.events.iter().find(|e| e.modality == Modality::Attempted).expect("attempt coded");
    assert_eq!(attempt.acled_sub_event_type, "Armed clash");
    assert_eq!(attempt.fatalities, Some(3));
    assert_eq!(attempt.actor1.as_deref(), Some("Boko Haram"));
    assert_eq!(attempt.claimant.as_deref(), Some("Military sources"));
    assert_eq!(attempt.evidence.len(), 2);
}

#[test]
fn reported_events_carry_their_claimant() {
    let c = code(
        "An air strike killed 12 civilians in Maarat al-Numan, the Syrian Observatory for Human Rights said.",
        &[("Maarat al-Numan", "SY")],
    );
    let e = &c.events[0];
    assert_eq!(e.acled_sub_event_type, "Air/drone strike");
    assert_eq!(e.fatalities, Some(12));
    assert_eq!(e.modality, Modality::Reported);
    assert_eq!(e.claimant.as_deref(), Some("Syrian Observatory for Human Rights"));
    let c = code("According to the police, gunmen abducted 20 students in Kankara.", &[("Kankara", "NG")]);
    assert_eq!(c.events[0].acled_sub_event_type, "Abduction/forced disappearance");
    assert_eq!(c.events[0].claimant.as_deref(), Some("police"));
}

#[test]
fn weapons_decide_the_sub_type() {
    let cases = [
        ("A suicide bomber killed 9 people at a market in Mogadishu.", "Suicide bomb"),
        ("A roadside bomb killed four soldiers near Mogadishu.", "Remote explosive/landmine/IED"),
        ("Rebels shelled residential areas of Mogadishu, killing five.", "Shelling/artillery/missile attack"),
        ("Gunmen threw a grenade into a bar in Mogadishu, wounding 7.", "Grenade"),
        ("A chlorine gas attack on Mogadishu killed 3 people.", "Chemical weapon"),
        ("Gunmen opened fire on worshippers in Mogadishu, killing 6.", "Attack"),
        ("Militants ambushed an army convoy near Mogadishu.", "Armed clash"),
    ];
    for (s, sub) in cases {
        let c = code(s, &[("Mogadishu", "SO")]);
        assert_eq!(c.events.first().map(|e| e.acled_sub_event_type.as_str()), Some(sub), "{s}");
    }
}

#[test]
fn protests_riots_and_strategic_developments() {
    let cases = [
        ("Hundreds of demonstrators rallied peacefully in Khartoum against the war.", "Peaceful protest"),
        ("Police fired tear gas to disperse protesters in Khartoum.", "Protest with intervention"),
        (
            "Security forces shot dead 4 protesters during a march in Khartoum.",
            "Excessive force against protesters",
        ),
        ("A mob lynched a man accused of theft in Khartoum.", "Mob violence"),
        ("Police arrested 30 opposition members in Khartoum.", "Arrests"),
        ("The RSF looted shops and homes in Khartoum.", "Looting/property destruction"),
        ("The army and the RSF agreed to a ceasefire in Khartoum.", "Agreement"),
    ];
    for (s, sub) in cases {
        let c = code(s, &[("Khartoum", "SD")]);
        assert_eq!(
            c.events.first().map(|e| e.acled_sub_event_type.as_str()),
            Some(sub),
            "{s}: {:?}",
            c.events
        );
    }
}

#[test]
fn event_place_is_the_place_of_its_clause() {
    let text = "Troops from Baghdad advanced while Iraqi forces seized Qayyarah after heavy fighting.";
    let c = code(text, &[("Baghdad", "IQ"), ("Qayyarah", "IQ")]);
    let e = c.events.iter().find(|e| e.acled_sub_event_type == "Government regains territory").unwrap();
    assert_eq!(e.place.as_ref().unwrap().name, "Qayyarah");
}

#[test]
fn event_date_comes_from_its_clause_else_the_report_date() {
    let text = "Iraqi forces recaptured Qayyarah on Thursday. Rebels attacked a checkpoint in Kirkuk.";
    let c = code_with(text, &[("Qayyarah", "IQ"), ("Kirkuk", "IQ")], &[("Thursday", "2020-02-27")]);
    assert_eq!(c.events[0].date.as_deref(), Some("2020-02-27"));
    assert!(!c.events[0].date_is_report_date);
    assert_eq!(c.events[1].date.as_deref(), Some("2020-03-02"));
    assert!(c.events[1].date_is_report_date);
}

#[test]
fn headline_and_lead_repeat_is_one_event_listed_first() {
    let text = "Rebels take Kidal\n\nHeavy rains hit the north. Tuareg rebels of the FLA took control of Kidal on Sunday, a spokesman said. Separately, a bomb exploded in Gao, killing two.";
    let seg = eventwire_text::segment(text);
    let p = places(text, &[("Kidal", "ML"), ("Gao", "ML")]);
    let c = coder().code(&CodingInput {
        doc_id: "d",
        text,
        seg: &seg,
        title: Some(Span::new(0, 17)),
        places: &p,
        times: &[],
        published: None,
    });
    let kidal: Vec<_> =
        c.events.iter().filter(|e| e.place.as_ref().is_some_and(|p| p.name == "Kidal")).collect();
    assert_eq!(kidal.len(), 1, "{:?}", c.events);
    assert_eq!(c.events[0].place.as_ref().unwrap().name, "Kidal");
    assert_eq!(c.events[0].evidence.len(), 2);
    assert_eq!(c.events[0].id, "d#e1");
}

#[test]
fn figures_with_qualifiers_categories_and_claimants() {
    let text = "More than 3,000 people have been displaced by the fighting, the UN said. \
        Officials say an estimated 400 to 500 militants in Marawi are holding hostages. \
        At least 15 soldiers were killed and dozens wounded. \
        Nearly two million residents live in the city, which is 40 km from the border.";
    let c = code(text, &[("Marawi", "PH")]);
    let f = &c.figures;
    let find = |q: &str| f.iter().find(|x| x.quote.contains(q)).unwrap_or_else(|| panic!("{q}: {f:?}"));
    let a = find("3,000");
    assert_eq!(
        (a.value, a.qualifier.as_str(), a.category),
        (Some(3000), "more_than", FigureCategory::Displaced)
    );
    assert_eq!(a.claimant.as_deref(), Some("UN"));
    let b = find("400 to 500");
    assert_eq!((b.min, b.max, b.qualifier.as_str()), (Some(400), Some(500), "range"));
    assert_eq!(b.category, FigureCategory::Fighters);
    assert_eq!(b.what, "militants in Marawi");
    assert_eq!(b.claimant.as_deref(), Some("Officials"));
    let k = find("15");
    assert_eq!((k.value, k.qualifier.as_str(), k.category), (Some(15), "at_least", FigureCategory::Killed));
    let w = find("dozens");
    assert_eq!((w.min, w.qualifier.as_str(), w.category), (Some(24), "vague", FigureCategory::Wounded));
    let p = find("two million");
    assert_eq!(
        (p.value, p.qualifier.as_str(), p.category),
        (Some(2_000_000), "nearly", FigureCategory::Population)
    );
    assert!(!f.iter().any(|x| x.value == Some(40)), "distances are not figures");
}

#[test]
fn the_agent_of_an_action_noun_after_in_is_actor1() {
    for text in [
        "Two people were killed in police firing in Marawi on Monday.",
        "Two people died in police firing in Marawi on Monday.",
    ] {
        let c = code(text, &[("Marawi", "PH")]);
        let e = c.events.iter().find(|e| e.fatalities == Some(2)).unwrap_or_else(|| panic!("{text}: {c:?}"));
        let a1 = e.actor1.as_deref().unwrap_or_else(|| panic!("{text}: {e:?}"));
        assert!(a1.starts_with("Police Forces"), "{text}: {a1}");
    }
}

#[test]
fn the_subject_of_a_when_clause_that_fires_is_actor1() {
    for text in [
        "Two people were killed when the police fired on a crowd in Marawi on Monday.",
        "Two people died as soldiers opened fire in Marawi on Monday.",
    ] {
        let c = code(text, &[("Marawi", "PH")]);
        let e = c.events.iter().find(|e| e.fatalities == Some(2)).unwrap_or_else(|| panic!("{text}: {c:?}"));
        let a1 = e.actor1.as_deref().unwrap_or_else(|| panic!("{text}: {e:?}"));
        assert!(a1.starts_with("Police Forces") || a1.starts_with("Military Forces"), "{text}: {a1}");
    }
    // A clause in which the named actor is the victim names no agent.
    let c = code("Five were killed as a military helicopter was shot down in Marawi.", &[("Marawi", "PH")]);
    let e = c.events.iter().find(|e| e.fatalities == Some(5)).unwrap_or_else(|| panic!("{c:?}"));
    assert!(e.actor1.as_deref().is_none_or(|a| !a.starts_with("Military Forces")), "{e:?}");
}

#[test]
fn a_gerund_before_a_figure_decides_its_category() {
    let c = code(
        "Police fired at the crowd in Marawi, killing one and injuring at least eight others.",
        &[("Marawi", "PH")],
    );
    let cats: Vec<(Option<u64>, FigureCategory)> = c.figures.iter().map(|f| (f.value, f.category)).collect();
    assert_eq!(cats, [(Some(1), FigureCategory::Killed), (Some(8), FigureCategory::Wounded)]);
    // A participle after the previous figure closes it: "seven dead, 20 wounded".
    let c = code("Seven dead 20 wounded in Marawi blast, officials said.", &[("Marawi", "PH")]);
    let cats: Vec<(Option<u64>, FigureCategory)> = c.figures.iter().map(|f| (f.value, f.category)).collect();
    assert_eq!(cats, [(Some(7), FigureCategory::Killed), (Some(20), FigureCategory::Wounded)]);
}

#[test]
fn a_figure_before_an_active_killing_verb_counts_the_killers() {
    let cats = |text: &str| -> Vec<(Option<u64>, FigureCategory)> {
        code(text, &[("Marawi", "PH")]).figures.iter().map(|f| (f.value, f.category)).collect()
    };
    assert_eq!(
        cats("Two gunmen killed three civilians in Marawi on Monday."),
        [(Some(2), FigureCategory::Fighters), (Some(3), FigureCategory::Killed)]
    );
    assert_eq!(cats("Three soldiers were killed in Marawi on Monday."), [(Some(3), FigureCategory::Killed)]);
    // A verb coordinated after the figure is the next figure's.
    assert_eq!(
        cats("Militants killed three soldiers and wounded two others in Marawi."),
        [(Some(3), FigureCategory::Killed), (Some(2), FigureCategory::Wounded)]
    );
}

#[test]
fn a_or_an_before_one_person_killed_counts_one() {
    let c = code("Gunmen killed a policeman in Marawi on Sunday.", &[("Marawi", "PH")]);
    assert_eq!(c.events.first().and_then(|e| e.fatalities), Some(1), "{:?}", c.events);
    let c = code("A young woman was shot dead in Marawi on Sunday.", &[("Marawi", "PH")]);
    assert_eq!(c.events.first().and_then(|e| e.fatalities), Some(1), "{:?}", c.events);
    // Only the killed and wounded: "a soldier said" counts nothing, nor do a bomb's victims
    // stand for the bomb.
    let c = code("A soldier said a bomb killed two people in Marawi.", &[("Marawi", "PH")]);
    let values: Vec<Option<u64>> = c.figures.iter().map(|f| f.value).collect();
    assert_eq!(values, [Some(2)]);
}

#[test]
fn years_ages_and_dates_are_not_figures() {
    let c = code("In 2014, a 25-year-old man aged 25 was hurt on June 3 at 5 pm.", &[]);
    assert!(c.figures.is_empty(), "{:?}", c.figures);
}

#[test]
fn output_is_deterministic() {
    let text = "Russian warplanes bombed Idlib, killing 8 civilians, activists said. Rebels shelled Hama.";
    let pl = [("Idlib", "SY"), ("Hama", "SY")];
    assert_eq!(code(text, &pl), code(text, &pl));
}

#[test]
fn user_data_dir_adds_actors() {
    let dir = std::env::temp_dir().join(format!("ew-events-test-{}", std::process::id()));
    std::fs::create_dir_all(dir.join("actors")).unwrap();
    std::fs::write(
        dir.join("actors/extra.toml"),
        "[[actor]]\nname = \"Northern Hawks\"\nkind = \"rebel_group\"\naliases = [\"Northern Hawks\"]\n",
    )
    .unwrap();
    let c = Coder::load(Some(&dir)).unwrap();
    assert_eq!(c.actor_kind("Northern Hawks"), Some(ActorKind::RebelGroup));
    std::fs::write(dir.join("actors/bad.toml"), "[[actor]]\nname = \"X\"\nkind = \"wizards\"\n").unwrap();
    assert!(Coder::load(Some(&dir)).is_err());
    std::fs::remove_dir_all(&dir).ok();
}

/// A fresh data directory with `files` (path under the directory, content).
fn data_dir(name: &str, files: &[(&str, &str)]) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("ew-events-{name}-{}", std::process::id()));
    for (path, text) in files {
        let p = dir.join(path);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }
    dir
}

#[test]
fn a_rule_naming_a_type_outside_the_taxonomy_is_a_load_error() {
    let rule = |ty: &str, sub: &str| {
        format!(
            "[[rule]]\nid = \"x\"\nevent_type = \"{ty}\"\nsub_event_type = \"{sub}\"\ntriggers = [\"x\"]\n"
        )
    };
    for (ty, sub, want) in [
        ("Battles", "Armed skirmish", "not a sub-event type"),
        ("Battles", "Attack", "not a sub-event type"),
        ("Fights", "Armed clash", "unknown event type"),
    ] {
        let dir = data_dir("taxonomy", &[("events/extra.toml", &rule(ty, sub))]);
        let err = Coder::load(Some(&dir)).unwrap_err().to_string();
        assert!(err.contains(want), "{ty}/{sub}: {err}");
        std::fs::remove_dir_all(&dir).ok();
    }
    let dir = data_dir("roles", &[("events/extra.toml", "[roles]\narmed_clash = \"Armed skirmish\"\n")]);
    let err = Coder::load(Some(&dir)).unwrap_err().to_string();
    assert!(err.contains("armed_clash"), "{err}");
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn the_coder_types_its_events_with_the_taxonomy() {
    let t = coder().taxonomy();
    assert_eq!(t, crate::taxonomy());
    let c = code("Rebels shelled the town of Tal Abyad, killing three civilians.", &[("Tal Abyad", "SY")]);
    let e = &c.events[0];
    assert!(t.contains(&e.acled_event_type, &e.acled_sub_event_type), "{e:?}");
    for ex in coder().rule_examples() {
        assert!(ex.sub_event_types.iter().all(|s| t.event_type_of(s).is_some()), "{}", ex.rule);
    }
}

#[test]
fn a_user_words_file_replaces_only_the_lists_it_sets() {
    let text = "Gunmen attacked a lighthouse in Tal Abyad, killing two.";
    let pl = [("Tal Abyad", "SY")];
    let sub = |c: &Coder| {
        let seg = eventwire_text::segment(text);
        let p = places(text, &pl);
        let input = CodingInput {
            doc_id: "t",
            text,
            seg: &seg,
            title: None,
            places: &p,
            times: &[],
            published: None,
        };
        c.code(&input).events.first().map(|e| e.acled_sub_event_type.clone())
    };
    assert_eq!(sub(coder()).as_deref(), Some("Attack"));
    // A lighthouse keeper's post as a military target: the other lists keep their words.
    let dir = data_dir("words", &[("events/words.toml", "[targets]\nmilitary = [\"lighthouse\"]\n")]);
    let c = Coder::load(Some(&dir)).unwrap();
    assert_eq!(sub(&c).as_deref(), Some("Armed clash"));
    std::fs::write(
        dir.join("events/words.toml"),
        "[targets]\nmilitary = [\"light house\"]\n[slots]\nprepositions = [\"in front\"]\n",
    )
    .unwrap();
    let err = Coder::load(Some(&dir)).unwrap_err().to_string();
    assert!(err.contains("slots.prepositions") && err.contains("not one word"), "{err}");
    std::fs::remove_dir_all(&dir).ok();
}

fn near_place(text: &str, at: &str, nth: usize, cc: Option<&str>, precision: GeoPrecision) -> PlaceMention {
    let s = text.match_indices(at).nth(nth).expect("place in text").0;
    PlaceMention {
        text: at.to_string(),
        start: s,
        end: s + at.len(),
        name: at.to_string(),
        geonames_id: None,
        lat: None,
        lon: None,
        country_code: cc.map(String::from),
        country: None,
        admin1: None,
        kind: "town".into(),
        precision,
        relative_to: None,
        confidence: 1.0,
    }
}

fn code_places(text: &str, places: &[PlaceMention]) -> Coded {
    let seg = eventwire_text::segment(text);
    coder().code(&CodingInput {
        doc_id: "t",
        text,
        seg: &seg,
        title: None,
        places,
        times: &[],
        published: Some("2020-03-02"),
    })
}

#[test]
fn one_take_told_unnamed_near_an_anchor_then_named_beside_it_is_one_event() {
    let territorial = |c: &Coded| {
        c.events.iter().filter(|e| e.acled_sub_event_type == "Government regains territory").count()
    };
    // The named village is geocoded to the wrong country, so only the shared anchor ties them.
    let text = "Syrian troops seized a strategic village near Idlib on Monday. Rebels shelled the \
                road. North of Idlib, Syrian troops retook Kafr Nabl from rebels.";
    let pl = [
        near_place(text, "Idlib", 0, Some("SY"), GeoPrecision::Near),
        near_place(text, "Idlib", 1, Some("SY"), GeoPrecision::Near),
        near_place(text, "Kafr Nabl", 0, Some("LB"), GeoPrecision::Exact),
    ];
    let c = code_places(text, &pl);
    assert_eq!(territorial(&c), 1, "{:#?}", c.events);
    let e = c.events.iter().find(|e| e.acled_sub_event_type == "Government regains territory").unwrap();
    assert_eq!(e.place.as_ref().unwrap().name, "Kafr Nabl");
    assert_eq!(e.evidence.len(), 2);

    // A different anchor: two takes.
    let text = "Syrian troops seized a strategic village near Idlib on Monday. Rebels shelled the \
                road. North of Hama, Syrian troops retook Kafr Nabl from rebels.";
    let pl = [
        near_place(text, "Idlib", 0, Some("SY"), GeoPrecision::Near),
        near_place(text, "Hama", 0, Some("SY"), GeoPrecision::Near),
        near_place(text, "Kafr Nabl", 0, Some("LB"), GeoPrecision::Exact),
    ];
    assert_eq!(territorial(&code_places(text, &pl)), 2);
}

#[test]
fn a_past_phase_summarised_beside_an_old_date_is_not_an_event() {
    let text = "The offensive was launched on January 5, with government troops first taking the \
                northern districts of Kafr Nabl before moving south.";
    let pl = [("Kafr Nabl", "SY")];
    let old = code_with(text, &pl, &[("January 5", "2020-01-05")]);
    assert!(old.events.is_empty(), "{:#?}", old.events);
    // The same sentence about last week reports the take.
    let text = text.replace("January 5", "February 25");
    let recent = code_with(&text, &pl, &[("February 25", "2020-02-25")]);
    assert_eq!(recent.events.len(), 1, "{:#?}", recent.events);
    assert_eq!(recent.events[0].date.as_deref(), Some("2020-02-25"));
}

#[test]
fn a_record_of_attacks_under_a_perfect_is_not_an_event() {
    let c = code(
        "Its supporters have claimed responsibility for bomb attacks elsewhere, including attacks in \
         Kafr Nabl.",
        &[("Kafr Nabl", "SY")],
    );
    // The claim itself may stand as other news (an attribution); no attack is coded from it.
    assert!(c.events.iter().all(|e| e.scope == eventwire_model::Scope::Other), "{:#?}", c.events);
}

#[test]
fn event_takes_the_named_place_near_an_anchor_not_the_anchor_phrase() {
    let text = "Iraqi forces seized a town near Kirkuk on Monday. \
                North of Kirkuk, Iraqi forces retook Tal Ward from the militants.";
    let near = |nth: usize| {
        let mut p = near_place(text, "Kirkuk", nth, Some("IQ"), GeoPrecision::Near);
        p.relative_to = Some("Kirkuk".into());
        p
    };
    let mut town = near_place(text, "Tal Ward", 0, Some("IQ"), GeoPrecision::Near);
    town.relative_to = Some("Kirkuk".into());
    let coded = code_places(text, &[near(0), near(1), town]);
    let takes: Vec<_> =
        coded.events.iter().filter(|e| e.acled_sub_event_type == "Government regains territory").collect();
    assert_eq!(takes.len(), 1, "{takes:#?}");
    assert_eq!(takes[0].place.as_ref().map(|p| p.name.as_str()), Some("Tal Ward"));
}

#[test]
fn event_ids_number_from_the_document_id() {
    for n in [1usize, 9, 10, 123, usize::MAX] {
        assert_eq!(crate::draft::event_id("doc-1", n), format!("doc-1#e{n}"));
    }
    assert_eq!(crate::draft::event_id("", 7), "#e7");
}

#[test]
fn a_claim_of_responsibility_names_the_bomber_of_the_attack_it_claims() {
    let text = "A car bomb exploded near an army checkpoint outside the town of Qadira on Tuesday, \
                killing eight soldiers, security officials said. The Islamic State group claimed \
                responsibility for the bombing in a statement posted online.";
    let c = code(text, &[("Qadira", "IQ")]);
    let attack = c.events.iter().find(|e| e.is_conflict_news()).expect("the bombing is coded");
    let claim = c
        .events
        .iter()
        .find(|e| e.category == Some(eventwire_model::EventCategory::Attribution))
        .expect("the claim is coded");
    assert_eq!(claim.claims_event.as_deref(), Some(attack.id.as_str()));
    assert_eq!(attack.claimed_in.as_deref(), Some(claim.id.as_str()));
    assert_eq!(attack.actor1.as_deref(), Some("Islamic State"));
    // The attack, not the claim of it, is the article's main event.
    assert_eq!(c.events[0].id, attack.id);
}

#[test]
fn a_rule_refuses_the_model_a_reading_only_where_its_context_words_are() {
    // A user rule for agreements, fired by "sides", that never codes (it needs a place the
    // sentence does not name): where its context word is in the sentence it read the sentence
    // and refused it; where it is not, the sentence was none of its business.
    let text = "The two sides agreed in Kidal on Monday.";
    let agreements = |context: &str| {
        let rule = format!(
            "[[rule]]\nid = \"test.meeting\"\nevent_type = \"Strategic developments\"\n\
             sub_event_type = \"Agreement\"\ntriggers = [\"sides\"]\ncontext_any = [\"{context}\"]\n\
             needs = \"place\"\nexamples = []\ncounterexamples = []\n"
        );
        // However sure the model is, a refusal stands.
        let labels = include_str!("../../../data/events/model/labels.toml")
            .replace("refusal_override_probability = 0.6", "refusal_override_probability = 1.1");
        let dir = data_dir(
            &format!("refusal-{context}"),
            &[("events/meeting.toml", &rule), ("events/model/labels.toml", &labels)],
        );
        let c = Coder::load(Some(&dir)).unwrap();
        let seg = eventwire_text::segment(text);
        let coded = c.code(&CodingInput {
            doc_id: "t",
            text,
            seg: &seg,
            title: None,
            places: &[],
            times: &[],
            published: Some("2020-03-02"),
        });
        std::fs::remove_dir_all(&dir).ok();
        coded.events.iter().filter(|e| e.acled_sub_event_type == "Agreement").count()
    };
    assert_eq!(agreements("monday"), 0);
    assert_eq!(agreements("truce"), 1);
}

#[test]
fn a_progressive_after_be_is_active_not_passive() {
    let c = code("Turkish forces are redeploying troops to the border near Mosul.", &[("Mosul", "IQ")]);
    let e = c.events.iter().find(|e| e.rule == "sd.deployment").expect("a deployment");
    assert_eq!(e.actor1.as_deref(), Some("Military Forces of Turkey"));
}
