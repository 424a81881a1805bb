//! `eventwire eval temporal DIR`: TIMEX3 extraction and normalisation on TimeML files, with
//! the TempEval-3 measures. The evaluation itself is [`eventwire_eval::temporal`]; this prints
//! it.

use super::eval::skipping;
use eventwire_eval::temporal::{self, TimexError};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(clap::Args, Debug)]
pub struct Args {
    /// Directory searched recursively for `.tml` files (e.g. ../shared/eval/temporal/TBAQ-cleaned).
    pub dir: PathBuf,
    #[command(flatten)]
    pub report: super::eval::ReportArgs,
}

pub fn run(a: Args) -> anyhow::Result<ExitCode> {
    if !a.dir.is_dir() {
        skipping("temporal", &a.dir, "");
        return Ok(ExitCode::SUCCESS);
    }
    let files = temporal::tml_files(&a.dir)?;
    if files.is_empty() {
        eprintln!("eval temporal: no .tml files under {}, skipping", a.dir.display());
        return Ok(ExitCode::SUCCESS);
    }
    let report = temporal::evaluate(&files, a.report.data.data_dir.as_deref())?;
    if a.report.errors {
        report.errors.iter().try_for_each(print_error)?;
    }
    let total = &report.total;
    let (sp, sr, sf) = total.strict_prf();
    let (rp, rr, rf) = total.relaxed_prf();
    if a.report.json {
        let v = serde_json::json!({
            "files": report.files, "gold": total.gold, "system": total.system,
            "strict": {"p": sp, "r": sr, "f1": sf},
            "relaxed": {"p": rp, "r": rr, "f1": rf},
            "type_accuracy": total.type_accuracy(), "type_f1": total.type_f1(), "value_f1": total.value_f1(),
        });
        outln!("{}", serde_json::to_string_pretty(&v)?);
    } else {
        outln!("files {}  gold {}  system {}", report.files, total.gold, total.system);
        outln!("strict   P {sp:.3}  R {sr:.3}  F1 {sf:.3}");
        outln!("relaxed  P {rp:.3}  R {rr:.3}  F1 {rf:.3}");
        outln!("type     accuracy {:.3}  F1 {:.3}", total.type_accuracy(), total.type_f1());
        outln!("value    F1 {:.3}", total.value_f1());
    }
    Ok(ExitCode::SUCCESS)
}

fn print_error(e: &TimexError) -> std::io::Result<()> {
    match e {
        TimexError::Missed { file, text, timex_type, value } => outln!("MISS\t{file}\t{text}\t{timex_type:?}\t{value}"),
        TimexError::Spurious { file, text, timex_type, value } => {
            outln!("SPUR\t{file}\t{text}\t{timex_type:?}\t{value}")
        }
        TimexError::Mismatch { file, gold_text, gold_type, gold_value, text, timex_type, value, dct } => outln!(
            "DIFF\t{file}\t{gold_text}\t{gold_type:?}\t{gold_value}\t|\t{text}\t{timex_type:?}\t{value}\tdct={}",
            dct.as_deref().unwrap_or("-")
        ),
    }
    Ok(())
}
