/** The joiner lives with the API's log reading (src/api), which the CLI and the server share. */
export { LogLineJoiner } from '../api/log-line-joiner.js';
