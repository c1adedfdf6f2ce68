-- Replace the snapshot of $as_of: remove its rows first.
delete from marts.creator_tiers where as_of = $as_of;
