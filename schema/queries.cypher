// Saved queries of the news knowledge graph, printed by `kg queries`.
//
// Each query starts with a header comment `// name: description` and ends with a
// semicolon. An optional `// params: {...}` line gives example parameters (JSON) that
// return rows on the bundled example articles; in Neo4j Browser set them with
// `:params {...}` before running the query, with `kg query` pass them as `-p key=value`.
// Names are matched exactly against an entity's canonical name or one of its aliases;
// an empty string for an optional filter means "any".

// attributions: Who said what about whom: statements attributed to a speaker ($speaker, '' for any), optionally involving $about ('' for any)
// params: {"speaker": "Claire Weber", "about": ""}
MATCH (a)-[r]->(b)
WHERE r.attributions IS NOT NULL
UNWIND r.attributions AS speaker
WITH speaker, a, r, b
WHERE ($speaker = '' OR toLower(speaker) = toLower($speaker))
  AND ($about = ''
    OR toLower(a.name) = toLower($about) OR toLower(b.name) = toLower($about)
    OR $about IN coalesce(a.aliases, []) OR $about IN coalesce(b.aliases, []))
RETURN speaker, a.name AS subject, r.predicate AS predicate, r.negated AS negated,
  b.name AS object, coalesce(r.modalities, []) AS modalities, r.evidence AS evidence, r.sources AS documents
ORDER BY speaker, evidence DESC, subject, predicate, object
LIMIT 200;

// what-x-did: What X did: every statement with $name as its subject, strongest evidence first
// params: {"name": "Markus Lenz"}
MATCH (x)
WHERE (x:Entity OR x:Concept) AND (x.name = $name OR $name IN coalesce(x.aliases, []))
MATCH (x)-[r]->(o)
WHERE r.predicate IS NOT NULL
RETURN x.name AS subject, r.predicate AS predicate, r.negated AS negated, o.name AS object,
  labels(o) AS object_labels, coalesce(r.modalities, []) AS modalities,
  coalesce(r.attributions, []) AS attributions,
  r.evidence AS evidence, r.confidence AS confidence, r.sources AS documents
ORDER BY evidence DESC, confidence DESC, predicate, object
LIMIT 200;

// said-about-x: What is said about X: statements with $name as their object, with the sentences they come from
// params: {"name": "Moselchem"}
MATCH (x)
WHERE (x:Entity OR x:Concept) AND (x.name = $name OR $name IN coalesce(x.aliases, []))
MATCH (a)-[r]->(x)
WHERE r.predicate IS NOT NULL
UNWIND r.sentences AS sid
MATCH (d:Document)-[:HAS_SENTENCE]->(s:Sentence {id: sid})
RETURN a.name AS subject, r.predicate AS predicate, r.negated AS negated, x.name AS object,
  coalesce(r.attributions, []) AS attributions, d.title AS document, d.published AS published,
  s.text AS sentence
ORDER BY published, document, s.start
LIMIT 200;

// relationship-sources: Sources of a relationship: the documents and sentences (with character offsets) behind $subject -[$predicate]-> $object ($predicate '' for any)
// params: {"subject": "Markus Lenz", "predicate": "", "object": "International Moselle Water Commission"}
MATCH (a)-[r]->(b)
WHERE r.predicate IS NOT NULL
  AND (a.name = $subject OR $subject IN coalesce(a.aliases, []))
  AND ($predicate = '' OR r.predicate = $predicate)
  AND (b.name = $object OR $object IN coalesce(b.aliases, []))
UNWIND r.sentences AS sid
MATCH (d:Document)-[:HAS_SENTENCE]->(s:Sentence {id: sid})
RETURN a.name AS subject, r.predicate AS predicate, r.negated AS negated, b.name AS object,
  d.id AS document_id, d.title AS document, d.url AS url, d.published AS published,
  s.index AS sentence_index, s.start AS start, s.end AS end, s.text AS sentence
ORDER BY published, document_id, start
LIMIT 200;

// connection: How X and Y are connected: shortest paths of statements (not co-mentions) between $from and $to, up to 6 hops
// params: {"from": "Claire Weber", "to": "Dieter Hoffmann"}
MATCH (x:Entity) WHERE x.name = $from OR $from IN x.aliases
MATCH (y:Entity) WHERE (y.name = $to OR $to IN y.aliases) AND y <> x
MATCH p = shortestPath((x)-[*..6]-(y))
WHERE all(r IN relationships(p) WHERE r.predicate IS NOT NULL)
RETURN p, length(p) AS hops,
  [n IN nodes(p) | coalesce(n.name, n.title, n.id)] AS via,
  [r IN relationships(p) |
    startNode(r).name + ' -' + r.predicate + CASE WHEN r.negated THEN ' (not)' ELSE '' END
    + '-> ' + endNode(r).name] AS statements
ORDER BY hops
LIMIT 10;
