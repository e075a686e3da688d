-- One row per contact: the latest version of each (source_system, contact_id), typed, with
-- UK local time and the ISO week. Deduplication lives here because "one row per contact" is
-- what every later model assumes; raw.contacts keeps every version for audit.

with

source as (

    select * from {{ source('raw', 'contacts') }}

),

renamed as (

    select
        {{ dbt.concat(["source_system", "':'", "contact_id"]) }} as contact_key,
        source_system,
        contact_id,
        started_at,
        ended_at,
        {{ to_local_timestamp('started_at') }} as started_at_local,
        cast(handle_seconds as integer) as handle_seconds,
        cast(wait_seconds as integer) as wait_seconds,
        channel,
        queue,
        wrap_up_code,
        outcome,
        caller_pseudonym,
        text_redacted,
        redaction_count,
        vulnerability_flag as is_vulnerable,
        updated_at,
        ingest_file_id,
        source_row_number,
        ingested_at

    from source

),

versions_ranked as (

    select
        renamed.*,
        row_number() over (
            partition by renamed.source_system, renamed.contact_id
            order by
                renamed.updated_at desc nulls last,
                renamed.ingested_at desc,
                renamed.ingest_file_id desc,
                renamed.source_row_number desc
        ) as version_rank,
        count(*) over (partition by renamed.source_system, renamed.contact_id) as version_count

    from renamed

),

latest_versions as (

    select * from versions_ranked
    where version_rank = 1

),

final as (

    select
        contact_key,
        source_system,
        contact_id,
        started_at,
        ended_at,
        started_at_local,
        cast(started_at_local as date) as contact_date,
        cast({{ dbt.date_trunc('week', 'started_at_local') }} as date) as week_start,
        handle_seconds,
        wait_seconds,
        channel,
        queue,
        wrap_up_code,
        outcome,
        caller_pseudonym,
        text_redacted,
        redaction_count,
        is_vulnerable,
        updated_at,
        version_count,
        ingest_file_id,
        source_row_number,
        ingested_at

    from latest_versions

)

select * from final
