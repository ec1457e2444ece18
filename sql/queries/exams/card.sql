-- card.sql: what an admission card says beside the registration
-- (domain/exams/card.c).

-- name: card_context
SELECT s.name AS session_name, s.pack AS pack, s.org_id AS office_id, o.code AS office_code,
       o.name AS office_name, s.assigned_at AS assigned_at, st.code AS site_code,
       st.name AS site_name, st.council_code AS council, r.candidate_number AS candidate_number,
       r.room AS room, r.seat AS seat
FROM exam_registrations r
JOIN exam_sessions s ON s.id = r.session_id
JOIN orgs o ON o.id = s.org_id
LEFT JOIN exam_sites st ON st.id = r.site_id
WHERE r.id = ?;
