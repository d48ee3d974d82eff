/**
 * SQL92 property filters: a bounded recursive-descent compiler ({@code SqlLexer}, {@code
 * SqlParser}) to an immutable tree ({@code SqlNode}) with the official broker's value and null
 * rules ({@code SqlValues}); {@link dev.skiff.broker.filter.SqlPredicate}, the compiled expression;
 * {@link dev.skiff.broker.filter.SqlMessageFilter}, the store filter that reads a record's
 * properties in place; {@link dev.skiff.broker.filter.SqlFilterCache}, compiled filters by
 * expression; and {@link dev.skiff.broker.filter.CheckClientConfigProcessor} for {@code
 * CHECK_CLIENT_CONFIG}. Grammar and semantics: {@code docs/filters.md}.
 */
package dev.skiff.broker.filter;
