//! adoboard: a terminal work board for Azure DevOps that keeps its place through
//! Continuous Access Evaluation challenges.

pub mod domain;
pub mod secret;
pub mod state;
pub mod ui;
