# sql2c.awk: turns the SQL files into C so the binary carries its own SQL.
#
#   awk -v mode=queries-h -f tools/sql2c.awk sql/queries/*.sql  > queries.h
#   awk -v mode=queries-c -f tools/sql2c.awk sql/queries/*.sql  > queries.c
#   awk -v mode=migrations -f tools/sql2c.awk sql/migrations/*.sql > migrations.c
#
# A query file holds statements each introduced by "-- name: some_name"; the
# statement becomes Q_SOME_NAME in enum query_id and query_sql[Q_SOME_NAME].
# A migration file NNNN_title.sql becomes one entry {NNNN, "title", "sql"}.
#
# Rows are read by name. Every column a query returns (its top-level SELECT
# list, or its RETURNING list) is named: "AS name", or the column itself
# ("p.national_id" is national_id). queries.h gets, for each query, an enum
# C_<QUERY>__<COLUMN> with its index; a column that cannot be named (an
# expression without AS, a "*") or a name repeated in one row stops the build.
#
# A row shape shared by several queries is written once, as a fragment
# "-- columns: shape" followed by its select list, and used in a query as
# {{shape}}; it gets C_<SHAPE>__<COLUMN> too, so one reader serves every
# query that starts with the shape. "-- fragment: name" is plain text (a
# FROM clause with its joins) used the same way, {{name}}.

function esc(s) {
	gsub(/\\/, "\\\\", s)
	gsub(/"/, "\\\"", s)
	gsub(/\t/, " ", s)
	return s
}

function flush_query() {
	if (qname == "")
		return
	sub(/;[ \t]*$/, "", qsql)
	sub(/;[ \t]*$/, "", qraw)
	if (qfrag) {
		if (qname in frag)
			die(qfile ": fragment " qname " defined twice")
		frag[qname] = qsql
		fragraw[qname] = qraw
		if (qfrag == 1)
			fragnames[nf++] = qname
	} else {
		names[nq] = qname
		texts[nq] = qsql
		raws[nq] = qraw
		files[nq] = qfile
		nq++
	}
	qname = ""
	qsql = ""
	qraw = ""
	qfrag = 0
}

function die(msg) {
	print "sql2c: " msg > "/dev/stderr"
	failed = 1
	if (!keep_going)
		exit 1
}

# Replace every {{shape}} in s with text from the table t (frag or fragraw).
function expand(s, t, where,    out, name, i) {
	out = ""
	while ((i = index(s, "{{")) > 0) {
		out = out substr(s, 1, i - 1)
		s = substr(s, i + 2)
		i = index(s, "}}")
		if (i == 0)
			die(where ": unclosed {{")
		name = substr(s, 1, i - 1)
		if (!(name in t))
			die(where ": no fragment named " name)
		out = out t[name]
		s = substr(s, i + 2)
	}
	return out s
}

# The top-level output list of a statement: the SELECT list of a SELECT (or
# WITH ... SELECT), or the RETURNING list; "" if it returns no rows.
# Quotes and parentheses are skipped over; keywords are whole words.
function output_list(sql,    n, i, c, depth, q, word, up, lead, start, w0, sel, ret) {
	n = length(sql)
	depth = 0; q = 0; word = ""; sel = 0; ret = 0; start = 0
	lead = toupper(sql); sub(/^[ \t(]+/, "", lead)
	for (i = 1; i <= n + 1; i++) {
		c = i <= n ? substr(sql, i, 1) : " "
		if (q) { if (c == "'") q = 0; continue }
		if (c == "'") { q = 1; word = ""; continue }
		if (c ~ /[A-Za-z0-9_]/) { if (word == "") w0 = i; word = word c; continue }
		if (word != "" && depth == 0) {
			up = toupper(word)
			if (start && (up == "FROM" || up == "WHERE" || up == "ORDER" || up == "GROUP" ||
				      up == "LIMIT" || up == "UNION" || up == "HAVING" || up == "ON" ||
				      up == "RETURNING"))
				return substr(sql, start, w0 - start)
			if (!start && up == "SELECT" && !sel && (lead ~ /^(SELECT|WITH)/))
				{ sel = 1; start = i }
			if (!start && up == "RETURNING") { ret = 1; start = i }
		}
		word = ""
		if (c == "(") depth++
		else if (c == ")") depth--
	}
	return start ? substr(sql, start) : ""
}

# Split the output list into column names: cols[1..n]; returns n.
function column_names(list, cols, where,    n, i, c, depth, q, item, k, name, items) {
	n = 0; depth = 0; q = 0; item = ""
	if (list ~ /^[ \t\n]*$/)
		return 0
	list = list ","
	for (i = 1; i <= length(list); i++) {
		c = substr(list, i, 1)
		if (q) { item = item c; if (c == "'") q = 0; continue }
		if (c == "'") q = 1
		if (c == "(") depth++
		if (c == ")") depth--
		if (c == "," && depth == 0) { items[++n] = item; item = ""; continue }
		item = item c
	}
	for (k = 1; k <= n; k++) {
		item = items[k]
		gsub(/[ \t\n]+/, " ", item); sub(/^ /, "", item); sub(/ $/, "", item)
		if (k == 1) sub(/^DISTINCT /, "", item)
		name = ""
		if (match(item, / [Aa][Ss] "?[A-Za-z_][A-Za-z0-9_]*"?$/)) {
			name = substr(item, RSTART + 4); gsub(/"/, "", name)
		} else if (item ~ /^([A-Za-z_][A-Za-z0-9_]*\.)?[A-Za-z_][A-Za-z0-9_]*$/) {
			name = item; sub(/^.*\./, "", name)
		} else if (n == 1 && item ~ /^[0-9]+$/) {
			return 0 # SELECT 1 ...: an existence check, nothing to read
		} else
			die(where ": name column " k " (" item ") with AS")
		name = tolower(name)
		for (i = 1; i < k; i++)
			if (cols[i] == name)
				die(where ": column " name " appears twice")
		cols[k] = name
	}
	return n
}

function print_columns(shape, raw, where,    cols, n, k, up) {
	n = column_names(output_list(raw), cols, where)
	if (n == 0)
		return
	up = toupper(shape)
	printf "\t/* %s */\n", shape
	for (k = 1; k <= n; k++)
		printf "\tC_%s__%s = %d,\n", up, toupper(cols[k]), k - 1
	printf "\tC_%s__COUNT = %d,\n", up, n
}

BEGIN { nq = 0; nm = 0; nf = 0; qname = ""; qsql = ""; qraw = ""; qfrag = 0; failed = 0 }

mode == "migrations" {
	if (FNR == 1) {
		file = FILENAME
		sub(/.*\//, "", file)
		ver = file; sub(/_.*/, "", ver)
		title = file; sub(/^[0-9]+_/, "", title); sub(/\.sql$/, "", title)
		mver[nm] = ver + 0
		mtitle[nm] = title
		mtext[nm] = ""
		nm++
	}
	mtext[nm - 1] = mtext[nm - 1] "\t\"" esc($0) "\\n\",\n"
	next
}

{
	if (FNR == 1)
		flush_query()
	if ($0 ~ /^-- (name|columns|fragment): /) {
		flush_query()
		qname = $3
		qfrag = $2 == "columns:" ? 1 : $2 == "fragment:" ? 2 : 0
		qfile = FILENAME
		next
	}
	if ($0 ~ /^[ \t]*--/ || $0 ~ /^[ \t]*$/ || qname == "")
		next
	line = $0
	sub(/^[ \t]+/, "", line)
	qsql = (qsql == "" ? "" : qsql "\\n") esc(line)
	qraw = (qraw == "" ? "" : qraw " ") line
}

END {
	if (failed)
		exit 1
	flush_query()
	for (f in frag) {
		frag[f] = expand(frag[f], frag, "fragment " f)
		fragraw[f] = expand(fragraw[f], fragraw, "fragment " f)
	}
	for (i = 0; i < nq; i++) {
		texts[i] = expand(texts[i], frag, files[i] ": " names[i])
		raws[i] = expand(raws[i], fragraw, files[i] ": " names[i])
	}
	print "/* Generated by tools/sql2c.awk from sql/. Do not edit. */"
	if (mode == "queries-h") {
		print "#ifndef TABULA_GEN_QUERIES_H"
		print "#define TABULA_GEN_QUERIES_H"
		print "enum query_id {"
		for (i = 0; i < nq; i++)
			print "\tQ_" toupper(names[i]) ","
		print "\tQ__COUNT"
		print "};"
		print "extern const char *const query_sql[Q__COUNT];"
		print "extern const char *const query_name[Q__COUNT];"
		print ""
		print "/* Columns by name: C_<SHAPE>__<COLUMN> for each row shape (-- columns:), */"
		print "/* C_<QUERY>__<COLUMN> for each query that returns rows. */"
		print "enum query_col {"
		for (i = 0; i < nf; i++)
			print_columns(fragnames[i], "SELECT " fragraw[fragnames[i]], "fragment " fragnames[i])
		for (i = 0; i < nq; i++)
			print_columns(names[i], raws[i], files[i] ": " names[i])
		print "};"
		print "#endif"
	} else if (mode == "queries-c") {
		print "#include \"queries.h\""
		print "const char *const query_sql[Q__COUNT] = {"
		for (i = 0; i < nq; i++)
			print "\t[Q_" toupper(names[i]) "] = \"" texts[i] "\","
		print "};"
		print "const char *const query_name[Q__COUNT] = {"
		for (i = 0; i < nq; i++)
			print "\t[Q_" toupper(names[i]) "] = \"" names[i] "\","
		print "};"
	} else if (mode == "migrations") {
		print "#include \"core/base.h\""; print "#include \"db/migrate.h\""
		# Each file is an array of lines: ISO C caps one literal at 4095 bytes.
		for (i = 0; i < nm; i++) {
			print "static const char *const migration_" i "[] = {"
			printf "%s", mtext[i]
			print "\tNULL,"
			print "};"
		}
		print "const struct migration migrations[] = {"
		for (i = 0; i < nm; i++)
			print "\t{ " mver[i] ", \"" mtitle[i] "\", migration_" i " },"
		print "};"
		print "const size_t migrations_count = " nm ";"
	}
}
