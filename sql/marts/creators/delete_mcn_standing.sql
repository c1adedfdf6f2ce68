-- Replace the snapshot of $as_of: remove its rows first.
delete from marts.mcn_standing where as_of = $as_of;
