//! Importer for PETRARCH/Phoenix (TABARI-format) CAMEO actor dictionaries.
//!
//! Format: an entry starts with a line `NAME_WITH_UNDERSCORES_ [CODE] # comment`; following
//! `+ALIAS_` lines add synonyms; indented lines `[CODE 20030320-20060520]` give date-restricted
//! codes. The code's role segments (MIL, REB, CVL, GOV ...) decide the ACLED actor kind.
//! Entries whose code has no role (plain country codes, mostly place names) are skipped.

use crate::kinds::{kind_name, parse_kind};
use eventwire_model::ActorKind;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::sync::OnceLock;

/// One imported actor.
#[derive(Debug, Clone, PartialEq)]
pub struct ImportedActor {
    pub name: String,
    pub kind: ActorKind,
    /// ISO 3166-1 alpha-2, when the code starts with a known country.
    pub country: Option<String>,
    pub aliases: Vec<String>,
    /// The CAMEO code chosen (the current one when codes are date-restricted).
    pub cameo: String,
}

/// Result of an import.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Import {
    pub actors: Vec<ImportedActor>,
    /// Entries skipped (no usable code, or a code with no actor role).
    pub skipped: usize,
}

/// The CAMEO tables of data/actors/import/cameo.toml.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Cameo {
    /// Leading segment -> ISO 3166-1 alpha-2.
    countries: BTreeMap<String, String>,
    /// Role segments -> ACLED kind, the first that applies winning.
    role: Vec<Role>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Role {
    kind: String,
    #[serde(default)]
    any: Vec<String>,
    #[serde(default)]
    first: Vec<String>,
    #[serde(default)]
    unless: Vec<String>,
}

/// The built-in CAMEO tables, parsed once (a test checks that they parse).
fn cameo() -> &'static (Cameo, Vec<ActorKind>) {
    static C: OnceLock<(Cameo, Vec<ActorKind>)> = OnceLock::new();
    C.get_or_init(|| {
        let c: Cameo =
            toml::from_str(include_str!("../../../data/actors/import/cameo.toml")).expect("cameo.toml");
        let kinds = c.role.iter().map(|r| parse_kind(&r.kind).expect("cameo.toml: a known kind")).collect();
        (c, kinds)
    })
}

fn country_of(code: &str) -> Option<String> {
    cameo().0.countries.get(code.get(..3)?).cloned()
}

/// ACLED kind of a CAMEO code by its role segments; `None` when it names no actor role.
pub fn kind_of(code: &str) -> Option<ActorKind> {
    let chunks: Vec<&str> = (0..code.len() / 3).filter_map(|i| code.get(i * 3..i * 3 + 3)).collect();
    let has = |set: &[String]| set.iter().any(|r| chunks.contains(&r.as_str()));
    let (c, kinds) = cameo();
    let applies = |r: &Role| {
        (has(&r.any) || chunks.first().is_some_and(|f| r.first.iter().any(|x| x == f))) && !has(&r.unless)
    };
    c.role.iter().position(applies).map(|i| kinds[i])
}

fn title_case(s: &str) -> String {
    s.split(' ')
        .filter(|w| !w.is_empty())
        .map(|w| {
            w.split('-')
                .map(|p| {
                    let mut c = p.chars();
                    match c.next() {
                        Some(f) => f.to_uppercase().chain(c.flat_map(char::to_lowercase)).collect::<String>(),
                        None => String::new(),
                    }
                })
                .collect::<Vec<_>>()
                .join("-")
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// "ISLAMIC_ARMY_OF_ADEN_(IAA)_" -> ("Islamic Army Of Aden", Some("IAA")).
fn clean_name(raw: &str) -> (String, Option<String>) {
    let s = raw.trim().trim_start_matches('+').replace('_', " ");
    let mut acronym = None;
    let mut base = s.clone();
    if let (Some(a), Some(b)) = (s.find('('), s.find(')')) {
        if a < b {
            let inner = s[a + 1..b].trim().to_string();
            if !inner.is_empty() && inner.len() <= 8 {
                acronym = Some(inner);
            }
            base = format!("{}{}", &s[..a], &s[b + 1..]);
        }
    }
    let base = base.split_whitespace().collect::<Vec<_>>().join(" ");
    // Short all-caps names are acronyms: keep them (they match case-sensitively).
    let name = if base.len() <= 5 && !base.contains(' ') { base } else { title_case(&base) };
    (name, acronym)
}

/// Codes in a line: "[IRQMIL]", "[IRQ >20060520]", "[USAGOV 010120-050120] [IGOUNO >050501]".
fn codes(line: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut rest = line;
    while let Some(a) = rest.find('[') {
        let Some(b) = rest[a..].find(']') else { break };
        let inner = rest[a + 1..a + b].trim();
        let mut parts = inner.split_whitespace();
        if let Some(code) = parts.next() {
            let range = parts.next().unwrap_or("").to_string();
            if !code.starts_with('~') && code != "---" {
                out.push((code.to_string(), range));
            }
        }
        rest = &rest[a + b + 1..];
    }
    out
}

/// Parse a Phoenix actor dictionary.
pub fn import(text: &str) -> Import {
    struct Entry {
        name: String,
        aliases: Vec<String>,
        codes: Vec<(String, String)>,
    }
    let mut entries: Vec<Entry> = Vec::new();
    for raw in text.lines() {
        let line = raw.split('#').next().unwrap_or("");
        if line.trim().is_empty() || line.trim_start().starts_with('!') {
            continue;
        }
        let indented = line.starts_with([' ', '\t']);
        let trimmed = line.trim();
        if indented && trimmed.starts_with('[') {
            if let Some(e) = entries.last_mut() {
                e.codes.extend(codes(trimmed));
            }
        } else if let Some(alias) = trimmed.strip_prefix('+') {
            if let Some(e) = entries.last_mut() {
                let alias = alias.split('[').next().unwrap_or("").trim();
                if !alias.is_empty() {
                    e.aliases.push(alias.to_string());
                }
                e.codes.extend(codes(trimmed));
            }
        } else if !indented {
            let name = trimmed.split('[').next().unwrap_or("").trim().to_string();
            if name.is_empty() {
                continue;
            }
            entries.push(Entry { name, aliases: Vec::new(), codes: codes(trimmed) });
        }
    }
    let mut by_name: BTreeMap<String, ImportedActor> = BTreeMap::new();
    let mut order: Vec<String> = Vec::new();
    let mut skipped = 0;
    for e in entries {
        // The current code: open-ended (">date") or undated, else the last listed.
        let chosen = e
            .codes
            .iter()
            .find(|(_, r)| r.starts_with('>'))
            .or_else(|| e.codes.iter().find(|(_, r)| r.is_empty()))
            .or_else(|| e.codes.last());
        let Some((code, _)) = chosen else {
            skipped += 1;
            continue;
        };
        let Some(kind) = kind_of(code) else {
            skipped += 1;
            continue;
        };
        let (name, acronym) = clean_name(&e.name);
        if name.is_empty() {
            skipped += 1;
            continue;
        }
        let mut aliases = vec![name.clone()];
        aliases.extend(acronym);
        for a in &e.aliases {
            let (n, ac) = clean_name(a);
            aliases.push(n);
            aliases.extend(ac);
        }
        let entry = by_name.entry(name.clone()).or_insert_with(|| {
            order.push(name.clone());
            ImportedActor {
                name: name.clone(),
                kind,
                country: country_of(code),
                aliases: Vec::new(),
                cameo: code.clone(),
            }
        });
        for a in aliases {
            if !a.is_empty() && !entry.aliases.contains(&a) {
                entry.aliases.push(a);
            }
        }
    }
    let actors = order.into_iter().filter_map(|n| by_name.remove(&n)).collect();
    Import { actors, skipped }
}

fn quote(s: &str) -> String {
    toml::Value::String(s.to_string()).to_string()
}

/// Render imported actors in the lexicon's TOML format (data/actors/README.md).
pub fn to_toml(actors: &[ImportedActor], source: &str) -> String {
    let mut out = format!("# Imported by `eventwire actors import` from {source}\n");
    for a in actors {
        out.push_str("\n[[actor]]\n");
        out.push_str(&format!("name = {}\n", quote(&a.name)));
        out.push_str(&format!("kind = {}\n", quote(kind_name(a.kind))));
        if let Some(c) = &a.country {
            out.push_str(&format!("country = {}\n", quote(c)));
        }
        let aliases: Vec<String> = a.aliases.iter().map(|s| quote(s)).collect();
        out.push_str(&format!("aliases = [{}]\n", aliases.join(", ")));
        out.push_str(&format!("# cameo {}\n", a.cameo));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    // A tiny dictionary of our own in the Phoenix format.
    const FIXTURE: &str = "# test dictionary\n\
NORTHERN_LIBERATION_FRONT_(NLF)_ [XYZREB] # invented\n\
+NORTH_FRONT_\n\
+LIBERATION_FRONT_OF_THE_NORTH_\n\
\n\
RIVER_CITY_\n\
\t[SYR]\n\
\n\
GENERAL_AMIR_HASSAN_\n\
\t[SYRMIL 20100101-20150101]\n\
\t[SYRGOV >20150101]\n\
\n\
BORDER_GUARD_BRIGADE_ [IRQMIL] # invented\n";

    #[test]
    fn imports_entries_aliases_and_current_codes() {
        let imp = import(FIXTURE);
        assert_eq!(imp.actors.len(), 3, "{imp:?}");
        let nlf = &imp.actors[0];
        assert_eq!(nlf.name, "Northern Liberation Front");
        assert_eq!(nlf.kind, ActorKind::RebelGroup);
        assert!(nlf.aliases.contains(&"NLF".to_string()));
        assert!(nlf.aliases.contains(&"Liberation Front Of The North".to_string()));
        // Date-restricted: the open-ended code wins (government official, not military).
        assert_eq!(imp.actors[1].kind, ActorKind::Other);
        assert_eq!(imp.actors[1].country.as_deref(), Some("SY"));
        assert_eq!(imp.actors[2].kind, ActorKind::StateForces);
        assert_eq!(imp.actors[2].country.as_deref(), Some("IQ"));
        // A plain country code is a place, not an actor.
        assert_eq!(imp.skipped, 1);
    }

    #[test]
    fn the_cameo_tables_parse_and_map_roles_to_kinds() {
        assert_eq!(kind_of("SYRREB"), Some(ActorKind::RebelGroup));
        assert_eq!(kind_of("IMGMUS"), Some(ActorKind::RebelGroup));
        assert_eq!(kind_of("IRQPOL"), Some(ActorKind::StateForces));
        assert_eq!(kind_of("IRQPOLOPP"), Some(ActorKind::Other));
        assert_eq!(kind_of("NGAUAF"), Some(ActorKind::PoliticalMilitia));
        assert_eq!(kind_of("SYRCVL"), Some(ActorKind::Civilians));
        assert_eq!(kind_of("SYR"), None);
        assert_eq!(country_of("UKRMIL").as_deref(), Some("UA"));
        assert_eq!(country_of("XYZREB"), None);
    }

    #[test]
    fn output_loads_as_a_lexicon_file() {
        let imp = import(FIXTURE);
        let text = to_toml(&imp.actors, "fixture");
        let f: crate::data::ActorFile = toml::from_str(&text).unwrap();
        assert_eq!(f.actor.len(), 3);
        assert_eq!(f.actor[0].kind, "rebel_group");
    }

    #[test]
    fn shared_reference_dictionaries_import_when_present() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/reference/phoenix-dictionaries");
        let path = format!("{dir}/Phoenix.MilNonState.actors.txt");
        let Ok(text) = std::fs::read_to_string(&path) else {
            eprintln!("skipped: shared_reference_dictionaries_import_when_present: {path} not present");
            return;
        };
        let imp = import(&text);
        assert!(imp.actors.len() > 300, "{}", imp.actors.len());
        let taliban = imp.actors.iter().find(|a| a.name == "Taliban").expect("Taliban");
        assert_eq!(taliban.kind, ActorKind::RebelGroup);
        assert_eq!(taliban.country.as_deref(), Some("AF"));
    }
}
