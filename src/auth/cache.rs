//! An in-memory access-token cache: one token, kept until shortly before it expires,
//! dropped when the service refuses it.

use std::sync::Mutex;
use std::time::{Duration, Instant};

use crate::secret::Secret;

/// A token is treated as expired this long before its real expiry.
pub const EXPIRY_MARGIN: Duration = Duration::from_secs(5 * 60);
/// No token is kept longer than this, whatever its stated lifetime (CAE tokens can
/// claim up to 28 h; a broken endpoint could claim anything).
pub const MAX_LIFETIME: Duration = Duration::from_secs(24 * 3600);

#[derive(Default)]
pub struct TokenCache {
    slot: Mutex<Option<(Secret, Instant)>>,
}

impl TokenCache {
    /// The cached header value if it is still fresh at `now`.
    pub fn get(&self, now: Instant) -> Option<Secret> {
        let slot = self.slot.lock().ok()?;
        slot.as_ref()
            .filter(|(_, expires)| now + EXPIRY_MARGIN < *expires)
            .map(|(t, _)| t.clone())
    }

    pub fn put(&self, value: Secret, expires: Instant) {
        if let Ok(mut slot) = self.slot.lock() {
            *slot = Some((value, expires));
        }
    }

    pub fn clear(&self) {
        if let Ok(mut slot) = self.slot.lock() {
            *slot = None;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cache_serves_until_margin_then_expires() {
        let cache = TokenCache::default();
        let t0 = Instant::now();
        cache.put(Secret::new("Bearer a"), t0 + Duration::from_secs(3600));
        assert_eq!(
            cache.get(t0).map(|s| s.expose().to_owned()),
            Some("Bearer a".into())
        );
        assert!(cache.get(t0 + Duration::from_secs(3600 - 300)).is_none());
    }

    #[test]
    fn cache_clear_invalidates() {
        let cache = TokenCache::default();
        let t0 = Instant::now();
        cache.put(Secret::new("Bearer a"), t0 + Duration::from_secs(3600));
        cache.clear();
        assert!(cache.get(t0).is_none());
    }
}
