-- Accent- and case-insensitive search (guide §5.1) without any extension: fold_text() lowers,
-- removes accents and ligatures, and keeps letters, digits and single spaces.
CREATE FUNCTION "fold_text"(t TEXT) RETURNS TEXT
LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
AS $$
  SELECT trim(regexp_replace(
    translate(replace(replace(replace(replace(lower(t), 'œ', 'oe'), 'Œ', 'oe'), 'æ', 'ae'), 'Æ', 'ae'),
              'ÀÁÂÃÄÅàáâãäåÇçÈÉÊËèéêëÌÍÎÏìíîïÑñÒÓÔÕÖØòóôõöøÙÚÛÜùúûüÝýÿŸ', 'aaaaaaaaaaaacceeeeeeeeiiiiiiiinnoooooooooooouuuuuuuuyyyy'),
    '[^a-z0-9]+', ' ', 'g'))
$$;
