from django.tasks import task


@task()
def build_pack_document(*, document_id: int, version: str) -> str:
    from .services import pack_document_build  # noqa: PLC0415 -- leaf

    document = pack_document_build(document_id=document_id, version=version)
    return document.state if document else "gone"


@task()
def refresh_pack_documents(*, trip_ids: list[int]) -> int:
    from .services import pack_documents_refresh  # noqa: PLC0415 -- leaf

    return pack_documents_refresh(trip_ids=trip_ids)
