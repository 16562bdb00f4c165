/* factcheck-site: stand-in for Material for MkDocs' search worker (search_engine: pagefind).
 *
 * Material sends its search index to this worker and waits for a "ready" message before
 * it sends any query. This worker never answers, so Material never queries and never
 * renders results into its result list: pagefind-search.js fills that list instead.
 */
self.onmessage = () => {};
