//! A throwaway PostgreSQL cluster for tests of the shared store: `initdb` in a temporary
//! directory, a server that listens only on a Unix socket in that directory (no TCP port, so
//! tests never meet each other or a real server), PostGIS created in its database, and the
//! server stopped and the directory removed when the [`PgCluster`] is dropped.
//!
//! Without the server binaries (`scripts/setup.d/30-postgres.sh` installs them) or PostGIS,
//! [`PgCluster::start`] says that the test skipped and returns `None`.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// Where Debian puts the server binaries; `$PG_BIN` overrides.
const DEBIAN_BIN: &str = "/usr/lib/postgresql/15/bin";

/// A running throwaway cluster.
pub struct PgCluster {
    dir: PathBuf,
    bin: PathBuf,
    /// `Some(user)` when the server runs as another user (root may not run PostgreSQL).
    run_as: Option<String>,
    url: String,
}

impl PgCluster {
    /// Start a cluster with a database `eventwire` that has PostGIS, or say that `test`
    /// skipped (no binaries, no PostGIS) and return `None`. Panics when the binaries are there
    /// but the cluster does not start: that is a broken machine, not a missing feature.
    pub fn start(test: &str) -> Option<PgCluster> {
        let Some(bin) = server_bin() else {
            crate::skip(test, "no PostgreSQL server binaries (scripts/setup.d/30-postgres.sh installs them)");
            return None;
        };
        if !postgis_installed(&bin) {
            crate::skip(test, "PostGIS is not installed (scripts/setup.d/30-postgres.sh installs it)");
            return None;
        }
        let run_as = is_root().then(|| "postgres".to_string());
        let dir = std::env::temp_dir().join(format!(
            "eventwire-pg.{}.{}",
            std::process::id(),
            COUNTER.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
        ));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
        let url = format!("postgresql:///eventwire?host={}&user=eventwire", dir.display());
        let cluster = PgCluster { dir, bin, run_as, url };
        if let Some(user) = &cluster.run_as {
            chown_to(&cluster.dir, user);
        }
        let data = cluster.dir.join("data");
        cluster.run(
            "initdb",
            &[
                "-D",
                path_str(&data),
                "-U",
                "eventwire",
                "--auth=trust",
                "--encoding=UTF8",
                "--locale=C",
                "-N",
            ],
        );
        let opts = format!(
            "-c listen_addresses='' -k {} -c fsync=off -c synchronous_commit=off -c full_page_writes=off",
            cluster.dir.display()
        );
        let log = cluster.dir.join("server.log");
        cluster.run("pg_ctl", &["-D", path_str(&data), "-l", path_str(&log), "-o", &opts, "-w", "start"]);
        cluster.psql("postgres", "CREATE DATABASE eventwire");
        cluster.psql("eventwire", "CREATE EXTENSION postgis");
        Some(cluster)
    }

    /// The connection URL of the `eventwire` database (a Unix socket in the cluster's
    /// directory).
    pub fn url(&self) -> &str {
        &self.url
    }

    /// The connection URL of another database, created empty with PostGIS.
    pub fn create_database(&self, name: &str) -> String {
        self.psql("postgres", &format!("CREATE DATABASE \"{name}\""));
        self.psql(name, "CREATE EXTENSION postgis");
        format!("postgresql:///{name}?host={}&user=eventwire", self.dir.display())
    }

    /// Run SQL in database `db` with psql; panics on an error.
    pub fn psql(&self, db: &str, sql: &str) -> String {
        let out = Command::new(psql_bin(&self.bin))
            .args(["-X", "-q", "-t", "-A", "-v", "ON_ERROR_STOP=1", "-h", path_str(&self.dir)])
            .args(["-U", "eventwire", "-d", db, "-c", sql])
            .output()
            .unwrap_or_else(|e| panic!("psql: {e}"));
        check("psql", &out);
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    fn run(&self, tool: &str, args: &[&str]) {
        let exe = self.bin.join(tool);
        let mut c = match &self.run_as {
            Some(user) => {
                let mut c = Command::new("runuser");
                c.args(["-u", user, "--"]).arg(&exe);
                c
            }
            None => Command::new(&exe),
        };
        let out = c.args(args).current_dir(&self.dir).output().unwrap_or_else(|e| panic!("{tool}: {e}"));
        if !out.status.success() {
            let log = std::fs::read_to_string(self.dir.join("server.log")).unwrap_or_default();
            panic!(
                "{tool} failed: {}\n{}\nserver log:\n{log}",
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            );
        }
    }
}

impl Drop for PgCluster {
    fn drop(&mut self) {
        let data = self.dir.join("data");
        let exe = self.bin.join("pg_ctl");
        let args = ["-D", path_str(&data), "-m", "immediate", "-w", "stop"];
        let _ = match &self.run_as {
            Some(user) => Command::new("runuser").args(["-u", user, "--"]).arg(&exe).args(args).output(),
            None => Command::new(&exe).args(args).output(),
        };
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

static COUNTER: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

/// The directory holding `initdb` and `pg_ctl`: `$PG_BIN`, else Debian's, else `$PATH`'s.
fn server_bin() -> Option<PathBuf> {
    let has =
        |d: &Path| d.join("initdb").is_file() && d.join("pg_ctl").is_file() && d.join("postgres").is_file();
    if let Some(d) = std::env::var_os("PG_BIN").map(PathBuf::from) {
        return has(&d).then_some(d);
    }
    if has(Path::new(DEBIAN_BIN)) {
        return Some(PathBuf::from(DEBIAN_BIN));
    }
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path).find(|d| has(d))
}

fn psql_bin(bin: &Path) -> PathBuf {
    let own = bin.join("psql");
    if own.is_file() {
        own
    } else {
        PathBuf::from("psql")
    }
}

/// PostGIS's control file in the server's extension directory (`pg_config --sharedir`).
fn postgis_installed(bin: &Path) -> bool {
    let share = Command::new(bin.join("pg_config"))
        .arg("--sharedir")
        .output()
        .ok()
        .filter(|o| o.status.success())
        .map(|o| PathBuf::from(String::from_utf8_lossy(&o.stdout).trim()));
    let dirs = share.into_iter().chain([PathBuf::from("/usr/share/postgresql/15")]);
    dirs.into_iter().any(|d| d.join("extension/postgis.control").is_file())
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
        .unwrap_or(false)
}

fn chown_to(dir: &Path, user: &str) {
    let out = Command::new("chown").arg(user).arg(dir).output().unwrap_or_else(|e| panic!("chown: {e}"));
    check("chown", &out);
}

fn check(what: &str, out: &Output) {
    if !out.status.success() {
        panic!(
            "{what} failed: {}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

fn path_str(p: &Path) -> &str {
    p.to_str().expect("temporary paths are UTF-8")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cluster_starts_with_postgis_and_is_gone_after_drop() {
        let Some(pg) = PgCluster::start("a_cluster_starts_with_postgis_and_is_gone_after_drop") else {
            return;
        };
        let dir = pg.dir.clone();
        assert!(pg.url().starts_with("postgresql:///eventwire?host="));
        let version = pg.psql("eventwire", "SELECT postgis_version()");
        assert!(version.trim().starts_with('3'), "{version}");
        // The server listens on no TCP port: its only socket is in the directory.
        let listen = pg.psql("eventwire", "SHOW listen_addresses");
        assert_eq!(listen.trim(), "");
        drop(pg);
        assert!(!dir.exists());
    }
}
