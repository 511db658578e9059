#include "schema.h"

#include <QLatin1String>

namespace vlmprobe::schema {

namespace {

// Schema v1: the whole design of architecture.md / protocol.md / ecosystem.md. Conventions:
// - times are ISO 8601 UTC text with milliseconds; JSON columns hold compact JSON text or NULL;
// - enumerations are kebab-case text (records.h); checked here only where the set is closed for good;
// - large text and blob columns come last in their table, so scans over the small columns skip overflow pages;
// - samples.condition_count / run_count let the browser sort by them without aggregating a million runs. Deletes
//   and condition inserts maintain them by trigger; run inserts are counted by RunRepository and written when the
//   transaction commits (see Workspace::countRun), because any trigger on runs makes SQLite journal every page each
//   insert touches, which made bulk run inserts 4x slower. A condition never moves to another sample, nor a run to
//   another condition.
const char* const kVersion1[] = {
    R"sql(CREATE TABLE workspace_info (
        key TEXT PRIMARY KEY NOT NULL,
        value TEXT
    ))sql",

    R"sql(CREATE TABLE datasets (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE,
        source TEXT,
        format TEXT,
        revision TEXT,
        content_hash TEXT,
        created_at TEXT NOT NULL,
        metadata TEXT
    ))sql",

    R"sql(CREATE TABLE images (
        id INTEGER PRIMARY KEY,
        sha256 TEXT NOT NULL UNIQUE CHECK (length(sha256) = 64),
        format TEXT NOT NULL,
        width INTEGER NOT NULL CHECK (width >= 0),
        height INTEGER NOT NULL CHECK (height >= 0),
        byte_size INTEGER NOT NULL,
        created_at TEXT NOT NULL,
        bytes BLOB NOT NULL
    ))sql",

    R"sql(CREATE TABLE samples (
        id INTEGER PRIMARY KEY,
        dataset_id INTEGER NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
        external_id TEXT NOT NULL,
        source_index INTEGER NOT NULL DEFAULT -1,
        category TEXT NOT NULL DEFAULT '',
        gold_answer TEXT NOT NULL DEFAULT '',
        option_count INTEGER NOT NULL DEFAULT 0,
        condition_count INTEGER NOT NULL DEFAULT 0,
        run_count INTEGER NOT NULL DEFAULT 0,
        image_sha256 TEXT REFERENCES images(sha256),
        doc_hash TEXT,
        created_at TEXT NOT NULL,
        question TEXT NOT NULL,
        hint TEXT,
        options TEXT NOT NULL,
        metadata TEXT,
        search_text TEXT NOT NULL,
        UNIQUE (dataset_id, external_id)
    ))sql",
    // Every browser sort has a single-column index: SQLite appends the rowid, so (column, id) order, ascending or
    // descending, is a covering index scan, and SampleRepository::page() only visits the rows it shows.
    "CREATE INDEX samples_dataset ON samples(dataset_id)",
    "CREATE INDEX samples_question ON samples(question)",
    "CREATE INDEX samples_category ON samples(category)",
    "CREATE INDEX samples_dataset_category ON samples(dataset_id, category)",
    "CREATE INDEX samples_external_id ON samples(external_id)",
    "CREATE INDEX samples_gold_answer ON samples(gold_answer)",
    "CREATE INDEX samples_option_count ON samples(option_count)",
    "CREATE INDEX samples_condition_count ON samples(condition_count)",
    "CREATE INDEX samples_run_count ON samples(run_count)",
    "CREATE INDEX samples_image ON samples(image_sha256)",
    "CREATE INDEX samples_doc_hash ON samples(doc_hash)",

    R"sql(CREATE TABLE models (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE,
        backend TEXT NOT NULL,
        location TEXT,
        remote_model TEXT,
        series_name TEXT NOT NULL DEFAULT '',
        training_step INTEGER,
        seed INTEGER,
        revision TEXT,
        created_at TEXT NOT NULL,
        notes TEXT,
        metadata TEXT
    ))sql",
    "CREATE INDEX models_series ON models(series_name, training_step)",

    R"sql(CREATE TABLE conditions (
        id INTEGER PRIMARY KEY,
        sample_id INTEGER NOT NULL REFERENCES samples(id) ON DELETE CASCADE,
        kind TEXT NOT NULL,
        parent_id INTEGER REFERENCES conditions(id) ON DELETE SET NULL,
        source_run_id INTEGER REFERENCES runs(id) ON DELETE SET NULL,
        target_option TEXT,
        gold_answer TEXT,
        derived_image_sha256 TEXT REFERENCES images(sha256),
        created_at TEXT NOT NULL,
        label TEXT,
        parameters TEXT,
        provenance TEXT,
        options TEXT,
        caption_text TEXT,
        think_prefix TEXT,
        cue_text TEXT
    ))sql",
    "CREATE INDEX conditions_sample ON conditions(sample_id)",
    "CREATE INDEX conditions_parent ON conditions(parent_id)",
    "CREATE INDEX conditions_kind ON conditions(kind)",
    "CREATE INDEX conditions_source_run ON conditions(source_run_id)",
    "CREATE INDEX conditions_derived_image ON conditions(derived_image_sha256)",

    R"sql(CREATE TABLE runs (
        id INTEGER PRIMARY KEY,
        condition_id INTEGER NOT NULL REFERENCES conditions(id) ON DELETE CASCADE,
        model_id INTEGER NOT NULL REFERENCES models(id) ON DELETE CASCADE,
        status TEXT NOT NULL CHECK (status IN ('queued', 'running', 'done', 'failed', 'cancelled')),
        parsed_option TEXT,
        correct INTEGER CHECK (correct IN (0, 1)),
        entropy REAL,
        p_correct REAL,
        letter_mass REAL,
        prompt_tokens INTEGER,
        completion_tokens INTEGER,
        seed INTEGER,
        prefill_mechanism TEXT NOT NULL,
        determining_hash TEXT,
        hash_key INTEGER,
        engine_version TEXT,
        created_at TEXT NOT NULL,
        finished_at TEXT,
        error TEXT,
        option_distribution TEXT,
        timings TEXT,
        decode_parameters TEXT,
        metadata TEXT,
        prefill TEXT,
        think_text TEXT,
        answer_text TEXT,
        completion TEXT,
        rendered_prompt TEXT,
        token_logprobs TEXT
    ))sql",
    "CREATE INDEX runs_condition ON runs(condition_id)",
    "CREATE INDEX runs_model_condition ON runs(model_id, condition_id)",
    // hash_key is a 64-bit FNV-1a of determining_hash (RunRepository): an integer index is a third of the size of
    // one over 64 hex digits, and its random inserts stay in cache during bulk inserts.
    "CREATE INDEX runs_hash_key ON runs(hash_key)",

    R"sql(CREATE TABLE judgments (
        id INTEGER PRIMARY KEY,
        run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
        judge_kind TEXT NOT NULL CHECK (judge_kind IN ('rule', 'llm', 'human')),
        rater TEXT NOT NULL DEFAULT '',
        verdict TEXT NOT NULL CHECK (verdict IN ('consistent', 'inconsistent', 'no-conclusion')),
        concluded_option TEXT,
        created_at TEXT NOT NULL,
        parameters TEXT,
        prompt TEXT,
        raw_output TEXT
    ))sql",
    "CREATE INDEX judgments_run ON judgments(run_id)",

    R"sql(CREATE TABLE annotations (
        id INTEGER PRIMARY KEY,
        sample_id INTEGER REFERENCES samples(id) ON DELETE CASCADE,
        condition_id INTEGER REFERENCES conditions(id) ON DELETE CASCADE,
        run_id INTEGER REFERENCES runs(id) ON DELETE CASCADE,
        rating INTEGER,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        note TEXT,
        CHECK ((sample_id IS NOT NULL) + (condition_id IS NOT NULL) + (run_id IS NOT NULL) = 1)
    ))sql",
    "CREATE INDEX annotations_sample ON annotations(sample_id)",
    "CREATE INDEX annotations_condition ON annotations(condition_id)",
    "CREATE INDEX annotations_run ON annotations(run_id)",
    R"sql(CREATE TABLE annotation_tags (
        annotation_id INTEGER NOT NULL REFERENCES annotations(id) ON DELETE CASCADE,
        tag TEXT NOT NULL,
        PRIMARY KEY (annotation_id, tag)
    ) WITHOUT ROWID)sql",
    "CREATE INDEX annotation_tags_tag ON annotation_tags(tag)",

    R"sql(CREATE TABLE case_studies (
        id INTEGER PRIMARY KEY,
        title TEXT NOT NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        description TEXT
    ))sql",
    R"sql(CREATE TABLE case_study_items (
        id INTEGER PRIMARY KEY,
        case_study_id INTEGER NOT NULL REFERENCES case_studies(id) ON DELETE CASCADE,
        position INTEGER NOT NULL,
        sample_id INTEGER REFERENCES samples(id) ON DELETE CASCADE,
        condition_id INTEGER REFERENCES conditions(id) ON DELETE CASCADE,
        run_id INTEGER REFERENCES runs(id) ON DELETE CASCADE,
        created_at TEXT NOT NULL,
        note TEXT,
        CHECK ((sample_id IS NOT NULL) + (condition_id IS NOT NULL) + (run_id IS NOT NULL) = 1)
    ))sql",
    "CREATE INDEX case_study_items_study ON case_study_items(case_study_id, position)",
    "CREATE INDEX case_study_items_sample ON case_study_items(sample_id)",
    "CREATE INDEX case_study_items_condition ON case_study_items(condition_id)",
    "CREATE INDEX case_study_items_run ON case_study_items(run_id)",

    // Lineage stays within one sample.
    R"sql(CREATE TRIGGER conditions_parent_same_sample BEFORE INSERT ON conditions
        WHEN EXISTS (SELECT 1 FROM conditions WHERE id = NEW.parent_id AND sample_id IS NOT NEW.sample_id)
        BEGIN SELECT RAISE(ABORT, 'parent condition belongs to another sample'); END)sql",
    R"sql(CREATE TRIGGER conditions_sample_fixed BEFORE UPDATE OF sample_id ON conditions
        WHEN NEW.sample_id IS NOT OLD.sample_id
        BEGIN SELECT RAISE(ABORT, 'a condition cannot move to another sample'); END)sql",
    R"sql(CREATE TRIGGER runs_condition_fixed BEFORE UPDATE OF condition_id ON runs
        WHEN NEW.condition_id IS NOT OLD.condition_id
        BEGIN SELECT RAISE(ABORT, 'a run cannot move to another condition'); END)sql",

    R"sql(CREATE TRIGGER conditions_count_insert AFTER INSERT ON conditions BEGIN
        UPDATE samples SET condition_count = condition_count + 1 WHERE id = NEW.sample_id;
    END)sql",
    // Runs go before their condition so that runs_count_delete can still find the sample; the foreign-key
    // cascade then finds nothing left to delete.
    R"sql(CREATE TRIGGER conditions_delete_runs BEFORE DELETE ON conditions BEGIN
        DELETE FROM runs WHERE condition_id = OLD.id;
    END)sql",
    R"sql(CREATE TRIGGER conditions_count_delete AFTER DELETE ON conditions BEGIN
        UPDATE samples SET condition_count = condition_count - 1 WHERE id = OLD.sample_id;
    END)sql",
    R"sql(CREATE TRIGGER runs_count_delete AFTER DELETE ON runs BEGIN
        UPDATE samples SET run_count = run_count - 1
            WHERE id = (SELECT sample_id FROM conditions WHERE id = OLD.condition_id);
    END)sql",
};

} // namespace

int currentVersion()
{
    return 1;
}

QStringList migrationStatements(int version)
{
    QStringList statements;
    if (version == 1) {
        for (const char* statement : kVersion1)
            statements.append(QString::fromUtf8(statement));
    }
    return statements;
}

} // namespace vlmprobe::schema
