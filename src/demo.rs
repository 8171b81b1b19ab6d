//! TEMPORARY STUB
use std::time::Duration;
#[derive(Default)]
pub struct DemoOptions {
    pub tick: Option<Duration>,
    pub revoke_after: Option<Duration>,
    pub auto_approve_after: Option<Duration>,
    pub seed: u64,
}
pub struct DemoServer {
    pub base_url: String,
    pub org: String,
    pub project: String,
    pub team: String,
    pub tenant: String,
}
#[derive(Clone)]
pub struct DemoControl;
impl DemoControl {
    pub fn approve_device_codes(&self) {}
    pub fn revoke_sessions(&self) {}
    pub fn seed_refresh_token(&self) -> String {
        String::new()
    }
}
impl DemoServer {
    pub async fn start(_o: DemoOptions) -> color_eyre::Result<DemoServer> {
        todo!()
    }
    pub fn org_url(&self) -> String {
        String::new()
    }
    pub fn authority(&self) -> String {
        String::new()
    }
    pub fn control(&self) -> DemoControl {
        DemoControl
    }
}
