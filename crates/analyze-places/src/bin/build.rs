//! Builds the default gazetteer from the unpacked registry packages.
//! Usage: eventwire-gazetteer-build SOURCE_DIR OUT_DIR

use std::path::PathBuf;
use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.len() != 2 {
        eprintln!("usage: eventwire-gazetteer-build SOURCE_DIR OUT_DIR");
        return ExitCode::from(2);
    }
    let (src, out) = (PathBuf::from(&args[0]), PathBuf::from(&args[1]));
    let t = std::time::Instant::now();
    let built = match eventwire_places::sources::build_from_packages(&src) {
        Ok(b) => b,
        Err(e) => {
            eprintln!("eventwire-gazetteer-build: {e}");
            return ExitCode::from(1);
        }
    };
    match eventwire_places::write_build(&out, &built.records, &built.demonyms) {
        Ok(g) => {
            eprintln!(
                "gazetteer: {} places, {} demonyms -> {} ({:.1} s)",
                g.len(),
                built.demonyms.len(),
                out.display(),
                t.elapsed().as_secs_f64()
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("eventwire-gazetteer-build: {e}");
            ExitCode::from(1)
        }
    }
}
