-- fold_text() takes a short cut for pure-ASCII text (octet length = character length): its replace()
-- and translate() calls change nothing there, so the result is the same, at half the cost. Most
-- names of the directory are ASCII, and the generated name keys call fold_text() for every pupil
-- and guardian row an import writes (issue « Speed »: about 4 µs a call, 3 million calls in a first
-- import of 4,000 schools). No longer STRICT, so that PostgreSQL still inlines it with its CASE (a
-- NULL still gives NULL); the stored keys need no recomputation.
CREATE OR REPLACE FUNCTION "fold_text"(t TEXT) RETURNS TEXT
LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$
  SELECT CASE WHEN octet_length(t) = length(t)
    THEN trim(regexp_replace(lower(t), '[^a-z0-9]+', ' ', 'g'))
    ELSE trim(regexp_replace(
      translate(replace(replace(replace(replace(lower(t), 'œ', 'oe'), 'Œ', 'oe'), 'æ', 'ae'), 'Æ', 'ae'),
                'ÀÁÂÃÄÅàáâãäåÇçÈÉÊËèéêëÌÍÎÏìíîïÑñÒÓÔÕÖØòóôõöøÙÚÛÜùúûüÝýÿŸ', 'aaaaaaaaaaaacceeeeeeeeiiiiiiiinnoooooooooooouuuuuuuuyyyy'),
      '[^a-z0-9]+', ' ', 'g'))
  END
$$;
