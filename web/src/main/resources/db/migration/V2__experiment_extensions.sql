-- An ended experiment's budget can be extended (POST /api/experiments/{id}/extend): the owner's
-- requests, counted and summed on the submission (the authority), and how many of them the
-- experiment has taken up.
ALTER TABLE submissions ADD COLUMN extensions integer DEFAULT 0 NOT NULL;
ALTER TABLE submissions ADD COLUMN extra_trials integer DEFAULT 0 NOT NULL;
ALTER TABLE experiments ADD COLUMN extensions integer DEFAULT 0 NOT NULL;
