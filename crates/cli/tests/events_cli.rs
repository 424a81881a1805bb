//! End-to-end tests of `eventwire actors import`, `eventwire eval events` and the coding of
//! our own short wire-style articles through `eventwire analyze`.

mod common;

use common::eventwire as bin;
use serde_json::Value;
use std::path::PathBuf;

fn tmpdir(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("ew-events-cli-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

const DICT: &str = "# our own fixture in the Phoenix format\n\
EASTERN_FALCONS_BRIGADE_(EFB)_ [SYRREB] # invented\n\
+FALCONS_OF_THE_EAST_\n\
\n\
OLD_TOWN_\n\
\t[SYR]\n";

#[test]
fn actors_import_writes_a_lexicon_the_analyzer_uses() {
    let dir = tmpdir("import");
    let dict = dir.join("fixture.actors.txt");
    std::fs::write(&dict, DICT).unwrap();
    std::fs::create_dir_all(dir.join("data/actors")).unwrap();
    let out_toml = dir.join("data/actors/imported.toml");
    let out = bin().args(["actors", "import"]).arg(&dict).arg("-o").arg(&out_toml).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let toml = std::fs::read_to_string(&out_toml).unwrap();
    assert!(toml.contains("name = \"Eastern Falcons Brigade\""), "{toml}");
    assert!(toml.contains("\"EFB\""));
    assert!(!toml.contains("Old Town"), "plain country codes are places, not actors");

    let article = dir.join("a.txt");
    std::fs::write(
        &article,
        "Fighters of the Falcons Of The East clashed with troops near a checkpoint on Monday.\n",
    )
    .unwrap();
    let out = bin().arg("analyze").arg(&article).arg("--data-dir").arg(dir.join("data")).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let a: Value = serde_json::from_slice(&out.stdout).unwrap();
    let actors: Vec<String> =
        a["actors"].as_array().unwrap().iter().map(|m| m["actor"].as_str().unwrap().to_string()).collect();
    assert!(actors.iter().any(|n| n == "Eastern Falcons Brigade"), "{actors:?}");
}

#[test]
fn actors_import_rejects_files_without_entries() {
    let dir = tmpdir("bad");
    let f = dir.join("empty.txt");
    std::fs::write(&f, "# nothing here\n").unwrap();
    let out = bin().args(["actors", "import"]).arg(&f).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no actor entries"));
}

#[test]
fn actors_import_reads_the_shared_phoenix_dictionaries_when_present() {
    let Some(p) = eventwire_test_support::shared_or_skip(
        "reference/phoenix-dictionaries/Phoenix.MilNonState.actors.txt",
        "actors_import_reads_the_shared_phoenix_dictionaries_when_present",
    ) else {
        return;
    };
    let out = bin().args(["actors", "import"]).arg(&p).output().unwrap();
    assert!(out.status.success());
    let toml = String::from_utf8(out.stdout).unwrap();
    assert!(toml.contains("name = \"Taliban\""));
    assert!(toml.matches("[[actor]]").count() > 300);
}

#[test]
fn eval_events_skips_missing_sets() {
    let dir = tmpdir("noeval");
    let out = bin().args(["eval", "events"]).arg(dir.join("absent")).output().unwrap();
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("skipping"));
}

#[test]
fn eval_case_scores_a_set_of_our_own_and_skips_an_absent_one() {
    let dir = tmpdir("case");
    let tsv = dir.join("case.tsv");
    // Our own snippets in the set's format: an air strike, a flood, and a sentence of no event.
    std::fs::write(
        &tsv,
        "id\tEventSnippet\tSubType\n\
         1\tWarplanes bombed a crowded market in the town on Monday, killing nine people.\tAIR_STRIKE\n\
         2\tFlash floods swept through three villages after days of torrential rain, officials said.\tNATURAL_DISASTER\n\
         3\tThe central bank kept its main interest rate unchanged on Thursday.\tOTHER\n",
    )
    .unwrap();
    let out = bin().args(["eval", "case", "--json"]).arg(&tsv).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["snippets"], 3);
    assert_eq!(v["non_conflict"], 1);
    let f1 = v["weighted_f1"].as_f64().unwrap();
    assert!((0.0..=1.0).contains(&f1), "{v}");
    // The flood is not coded as a conflict event.
    assert_eq!(v["non_conflict_as_conflict"], 0, "{v}");

    let absent = bin().args(["eval", "case"]).arg(dir.join("absent.tsv")).output().unwrap();
    assert!(absent.status.success());
    assert!(String::from_utf8_lossy(&absent.stderr).contains("skipping"));
}

#[test]
fn analyze_codes_facts_not_plans() {
    let dir = tmpdir("modality");
    let article = dir.join("wire.txt");
    std::fs::write(
        &article,
        "Rebels seize town in Sudan's Darfur\n\n\
         NYALA, Sudan, March 3 (Wire) - Rapid Support Forces fighters seized the town of Mellit on Sunday \
         after heavy fighting with the army, residents said.\n\
         The army said it would retake Mellit within days. It denied that its jets had bombed a market in Mellit.\n\
         If the RSF captures El Fasher, the whole of Darfur could fall.\n",
    )
    .unwrap();
    let out = bin().arg("analyze").arg(&article).arg("--dct").arg("2024-03-03").output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let a: Value = serde_json::from_slice(&out.stdout).unwrap();
    let events = a["events"].as_array().unwrap();
    assert!(!events.is_empty(), "{a}");
    let main = &events[0];
    assert_eq!(main["acled_sub_event_type"], "Non-state actor overtakes territory", "{main}");
    assert_eq!(main["actor1"], "Rapid Support Forces");
    assert_eq!(main["modality"], "reported");
    for e in events {
        let quotes: Vec<&str> =
            e["evidence"].as_array().unwrap().iter().map(|x| x["quote"].as_str().unwrap()).collect();
        assert!(
            !quotes.iter().any(|q| q.contains("retake") || q.contains("bombed") || q.contains("captures")),
            "{e}"
        );
    }
}
