"""Users and teams over the API (admins): creating and changing them goes through core.services."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import serializers

from core.models import Team, User
from core.services import team_create, user_create, user_update


class TeamSerializer(serializers.ModelSerializer):
    class Meta:
        model = Team
        fields = ["id", "name"]

    def create(self, validated_data: dict[str, Any]) -> Team:
        return team_create(actor=self.context["request"].user, **validated_data)


class UserSerializer(serializers.ModelSerializer):
    password = serializers.CharField(write_only=True, required=False, style={"input_type": "password"})
    team = serializers.PrimaryKeyRelatedField(queryset=Team.objects.all(), allow_null=True, required=False)

    class Meta:
        model = User
        fields = [
            "id",
            "username",
            "email",
            "first_name",
            "last_name",
            "role",
            "team",
            "is_active",
            "password",
        ]

    def validate_email(self, value: str) -> str:
        if value:
            clash = User.objects.filter(email__iexact=value)
            if self.instance is not None:
                clash = clash.exclude(pk=self.instance.pk)
            if clash.exists():
                raise serializers.ValidationError("Another user already has this email address.")
        return value

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if self.instance is None and not attrs.get("password"):
            raise serializers.ValidationError({"password": ["A password is required for a new user."]})
        password = attrs.get("password")
        if password:
            candidate = self.instance or User(
                username=attrs.get("username", ""),
                email=attrs.get("email", ""),
                first_name=attrs.get("first_name", ""),
                last_name=attrs.get("last_name", ""),
            )
            try:
                validate_password(password, candidate)
            except DjangoValidationError as exc:
                raise serializers.ValidationError({"password": list(exc.messages)}) from None
        return attrs

    def create(self, validated_data: dict[str, Any]) -> User:
        return user_create(actor=self.context["request"].user, **validated_data)

    def update(self, instance: User, validated_data: dict[str, Any]) -> User:
        return user_update(actor=self.context["request"].user, user=instance, **validated_data)
