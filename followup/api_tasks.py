from ninja import Router

router = Router(tags=["follow-up"])
