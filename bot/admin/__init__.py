"""The admin area: pages where coordinators and admins keep the knowledge base and see insights."""
