-- The databases the scheduler and the lookout migration write to; run once
-- when the postgres container initialises.
CREATE DATABASE scheduler;
CREATE DATABASE lookout;
