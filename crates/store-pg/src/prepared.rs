//! Statements prepared once per write call (a batch of articles), not once per row:
//! PostgreSQL parses and plans each statement of a batch once, and each row costs one round
//! trip, not two. Dropped with the call, so a statement never outlives a schema change made by
//! another process's migration.

use crate::Result;
use postgres::types::ToSql;
use postgres::{Row, Statement, Transaction};
use std::collections::HashMap;

#[derive(Default)]
pub(crate) struct Prepared(HashMap<String, Statement>);

impl Prepared {
    fn get(&mut self, tx: &mut Transaction, sql: &str) -> Result<Statement> {
        if let Some(s) = self.0.get(sql) {
            return Ok(s.clone());
        }
        let s = tx.prepare(sql)?;
        self.0.insert(sql.to_string(), s.clone());
        Ok(s)
    }

    pub(crate) fn execute(
        &mut self,
        tx: &mut Transaction,
        sql: &str,
        params: &[&(dyn ToSql + Sync)],
    ) -> Result<u64> {
        let s = self.get(tx, sql)?;
        Ok(tx.execute(&s, params)?)
    }

    pub(crate) fn query(
        &mut self,
        tx: &mut Transaction,
        sql: &str,
        params: &[&(dyn ToSql + Sync)],
    ) -> Result<Vec<Row>> {
        let s = self.get(tx, sql)?;
        Ok(tx.query(&s, params)?)
    }

    pub(crate) fn query_one(
        &mut self,
        tx: &mut Transaction,
        sql: &str,
        params: &[&(dyn ToSql + Sync)],
    ) -> Result<Row> {
        let s = self.get(tx, sql)?;
        Ok(tx.query_one(&s, params)?)
    }

    pub(crate) fn query_opt(
        &mut self,
        tx: &mut Transaction,
        sql: &str,
        params: &[&(dyn ToSql + Sync)],
    ) -> Result<Option<Row>> {
        let s = self.get(tx, sql)?;
        Ok(tx.query_opt(&s, params)?)
    }
}
