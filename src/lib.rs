//! adoboard: a terminal work board for Azure DevOps that keeps its place through
//! Continuous Access Evaluation challenges.

pub mod action;
pub mod app;
pub mod auth;
pub mod azdo;
pub mod cli;
pub mod config;
pub mod demo;
pub mod domain;
pub mod fetcher;
pub mod keymap;
pub mod launch;
pub mod secret;
pub mod state;
pub mod tui;
pub mod ui;
