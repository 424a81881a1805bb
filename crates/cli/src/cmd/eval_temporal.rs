//! `eventwire eval temporal DIR`: TIMEX3 extraction and normalisation on TimeML files,
//! with the TempEval-3 measures (strict and relaxed extraction P/R/F1, type and value F1).

use anyhow::Context;
use eventwire_time::timeml::{self, Outcome, Scores};
use eventwire_time::TimeTagger;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(clap::Args, Debug)]
pub struct Args {
    /// Directory searched recursively for `.tml` files (e.g. ../shared/eval/temporal/TBAQ-cleaned).
    pub dir: PathBuf,
    /// Print each error (missed, spurious, mismatched expression) for error analysis.
    #[arg(long)]
    pub errors: bool,
    /// Output the figures as JSON.
    #[arg(long)]
    pub json: bool,
    #[command(flatten)]
    pub data: super::DataDir,
}

fn collect(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            collect(&path, out)?;
        } else if path.extension().is_some_and(|e| e == "tml") {
            out.push(path);
        }
    }
    Ok(())
}

pub fn run(a: Args) -> anyhow::Result<ExitCode> {
    if !a.dir.is_dir() {
        eprintln!("eval temporal: {} not found, skipping", a.dir.display());
        return Ok(ExitCode::SUCCESS);
    }
    let mut files = Vec::new();
    collect(&a.dir, &mut files).with_context(|| format!("reading {}", a.dir.display()))?;
    files.sort();
    if files.is_empty() {
        eprintln!("eval temporal: no .tml files under {}, skipping", a.dir.display());
        return Ok(ExitCode::SUCCESS);
    }
    eventwire_text::load_word_lists(a.data.data_dir.as_deref())?;
    let tagger = TimeTagger::load(a.data.data_dir.as_deref())?;
    let mut total = Scores::default();
    for f in &files {
        let xml = std::fs::read_to_string(f).with_context(|| format!("reading {}", f.display()))?;
        let doc = timeml::parse_timeml(&xml).with_context(|| format!("parsing {}", f.display()))?;
        let sys = tagger.tag_text(&doc.text, doc.dct.as_deref());
        let (s, errs) = timeml::score(&doc.timexes, &sys);
        total.add(&s);
        if a.errors {
            let name = f.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
            for e in errs {
                match e {
                    Outcome::Missed(g) => {
                        outln!("MISS\t{name}\t{}\t{:?}\t{}", &doc.text[g.start..g.end], g.timex_type, g.value)
                    }
                    Outcome::Spurious(m) => {
                        outln!("SPUR\t{name}\t{}\t{:?}\t{}", m.text, m.timex_type, m.value)
                    }
                    Outcome::Mismatch(g, m) => outln!(
                        "DIFF\t{name}\t{}\t{:?}\t{}\t|\t{}\t{:?}\t{}\tdct={}",
                        &doc.text[g.start..g.end],
                        g.timex_type,
                        g.value,
                        m.text,
                        m.timex_type,
                        m.value,
                        doc.dct.as_deref().unwrap_or("-")
                    ),
                }
            }
        }
    }
    let (sp, sr, sf) = total.strict_prf();
    let (rp, rr, rf) = total.relaxed_prf();
    if a.json {
        let v = serde_json::json!({
            "files": files.len(), "gold": total.gold, "system": total.system,
            "strict": {"p": sp, "r": sr, "f1": sf},
            "relaxed": {"p": rp, "r": rr, "f1": rf},
            "type_accuracy": total.type_accuracy(), "type_f1": total.type_f1(), "value_f1": total.value_f1(),
        });
        outln!("{}", serde_json::to_string_pretty(&v)?);
    } else {
        outln!("files {}  gold {}  system {}", files.len(), total.gold, total.system);
        outln!("strict   P {sp:.3}  R {sr:.3}  F1 {sf:.3}");
        outln!("relaxed  P {rp:.3}  R {rr:.3}  F1 {rf:.3}");
        outln!("type     accuracy {:.3}  F1 {:.3}", total.type_accuracy(), total.type_f1());
        outln!("value    F1 {:.3}", total.value_f1());
    }
    Ok(ExitCode::SUCCESS)
}
