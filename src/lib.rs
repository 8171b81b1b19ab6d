//! adoboard: a terminal work board for Azure DevOps.

pub mod demo;
