-- 0006_name_dup_key: likely duplicates are found through the name search
-- keys instead of an index of their own, so a bulk import updates one random
-- B-tree less per student (docs/internals/import.md, "Speed").
--
-- The "family given" key of person_names now ends with a space, the birth
-- date and the sex ("nguyen van an 2014-05-02M"): a name prefix still finds
-- the person, in name order, and the exact key is what persons.dup_key was
-- (the folded names, birth date and sex). The "given family" key is
-- unchanged; a person whose two orders fold alike keeps one row, the first.

UPDATE person_names SET name_key = name_key || ' ' ||
	(SELECT p.birth_date || p.sex FROM persons p WHERE p.id = person_names.person_id)
WHERE name_key = (SELECT p.key_fg {{collate_c}} FROM persons p WHERE p.id = person_names.person_id);

DROP INDEX persons_dup;
ALTER TABLE persons DROP COLUMN dup_key;
