/**
 * The runner's `ParseIssue` codes come from the program library, so that `Parse` and the local
 * `vprog parse` report the same codes for the same program.
 */
export { issueCode, programIssues, type ProgramIssue } from '@vprog/program';
