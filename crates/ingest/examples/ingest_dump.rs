//! Print the metadata ingest finds for each input: `cargo run -p eventwire-ingest --example ingest_dump -- PATH...`
use std::process::ExitCode;

fn main() -> ExitCode {
    let ingest = match eventwire_ingest::Ingest::load(None) {
        Ok(i) => i,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::FAILURE;
        }
    };
    let mut failed = false;
    for input in std::env::args().skip(1) {
        for doc in ingest.read(&input) {
            match doc {
                Ok(d) => println!("{}\t{}", d.id, serde_json::to_string(&d.meta).unwrap_or_default()),
                Err(e) => {
                    failed = true;
                    eprintln!("{e}");
                }
            }
        }
    }
    if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}
