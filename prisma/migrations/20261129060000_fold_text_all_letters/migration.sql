-- fold_text() folded only the letters of a fixed French list: any other letter with a diacritic
-- became a space, so « ŞAHIN » was stored as « ahin » and a director typing « sahin » found nobody
-- (Turkish, Polish, Romanian, Czech, Vietnamese names are common in French schools). Now every
-- letter is decomposed (Unicode NFD) and its marks dropped; the letters that do not decompose are
-- mapped by hand (ø ł đ ı ħ, œ æ ß). Pure-ASCII text (octet length = character length) takes a short
-- cut with the same result at half the cost (issue « Speed »: the generated name keys call fold_text()
-- for every pupil and guardian row an import writes). No longer STRICT, so that PostgreSQL still
-- inlines it with its CASE (NULL still gives NULL). The stored keys of names that are not pure ASCII
-- are recomputed (an UPDATE recomputes generated columns).
-- normalize() needs a UTF8 database: say so clearly rather than fail on the first accented name.
DO $$
BEGIN
  IF current_setting('server_encoding') <> 'UTF8' THEN
    RAISE EXCEPTION 'EduConnect-libre demande une base PostgreSQL en UTF8 (encodage actuel : %)',
      current_setting('server_encoding');
  END IF;
END
$$;

CREATE OR REPLACE FUNCTION "fold_text"(t TEXT) RETURNS TEXT
LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$
  SELECT CASE WHEN octet_length(t) = length(t)
    THEN trim(regexp_replace(lower(t), '[^a-z0-9]+', ' ', 'g'))
    ELSE trim(regexp_replace(
      replace(replace(replace(replace(replace(
        translate(lower(regexp_replace(normalize(t, NFD), '[\u0300-\u036f]+', '', 'g')), 'øØłŁđĐıħĦ', 'oollddihh'),
        'œ', 'oe'), 'Œ', 'oe'), 'æ', 'ae'), 'Æ', 'ae'), 'ß', 'ss'),
      '[^a-z0-9]+', ' ', 'g'))
  END
$$;

UPDATE "pupil" SET "last_name" = "last_name"
 WHERE octet_length("last_name") <> length("last_name") OR octet_length("first_name") <> length("first_name");
UPDATE "guardian" SET "last_name" = "last_name"
 WHERE octet_length("last_name") <> length("last_name") OR octet_length("first_name") <> length("first_name");
UPDATE "school_class" SET "label" = "label" WHERE octet_length("label") <> length("label");
