//! A cap on the rate of writes (`POST /api/ingest`, `POST /api/reviews`): each ingest takes the
//! store's write lock and CPU for its analysis, so a client that posts without pause would keep
//! every other writer waiting. Reads are not capped.

use std::sync::Mutex;
use std::time::{Duration, Instant};

/// A token bucket: `per_minute` writes a minute on average, as many at once after a quiet
/// minute. Shared by every connection of a server.
#[derive(Debug)]
pub(crate) struct WriteRate {
    per_minute: u32,
    /// Writes left, and when they were counted.
    bucket: Mutex<(f64, Instant)>,
}

impl WriteRate {
    /// `per_minute` 0: no cap.
    pub fn new(per_minute: u32) -> WriteRate {
        WriteRate { per_minute, bucket: Mutex::new((per_minute as f64, Instant::now())) }
    }

    /// Take one write if the cap allows it now; otherwise how long until it will.
    pub fn take(&self) -> Result<(), Duration> {
        self.take_at(Instant::now())
    }

    fn take_at(&self, now: Instant) -> Result<(), Duration> {
        if self.per_minute == 0 {
            return Ok(());
        }
        let rate = self.per_minute as f64 / 60.0; // writes a second
        let mut b = self.bucket.lock().unwrap_or_else(|p| p.into_inner());
        let elapsed = now.saturating_duration_since(b.1).as_secs_f64();
        let left = (b.0 + elapsed * rate).min(self.per_minute as f64);
        *b = (left, now.max(b.1));
        if left >= 1.0 {
            b.0 -= 1.0;
            Ok(())
        } else {
            Err(Duration::from_secs_f64((1.0 - left) / rate))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_burst_up_to_the_cap_then_one_write_per_share_of_a_minute() {
        let r = WriteRate::new(3);
        let t0 = Instant::now();
        assert!((0..3).all(|_| r.take_at(t0).is_ok()));
        let wait = r.take_at(t0).unwrap_err();
        assert_eq!(wait.as_secs(), 20, "{wait:?}"); // 3 a minute: one every 20 s
        assert!(r.take_at(t0 + Duration::from_secs(19)).is_err());
        assert!(r.take_at(t0 + Duration::from_secs(21)).is_ok());
        assert!(r.take_at(t0 + Duration::from_secs(21)).is_err());
        // A quiet hour gives back the burst, not more.
        let later = t0 + Duration::from_secs(3600);
        assert_eq!((0..5).filter(|_| r.take_at(later).is_ok()).count(), 3);
    }

    #[test]
    fn zero_is_no_cap() {
        let r = WriteRate::new(0);
        assert!((0..1000).all(|_| r.take().is_ok()));
    }
}
